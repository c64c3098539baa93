using Bridge.Providers.Paddle;
using Bridge.Providers.Signing;
using static Bridge.Providers.Tests.Paddle.PaddleTestKit;

namespace Bridge.Providers.Tests.Paddle;

public sealed class PaddleSignatureTests
{
    private static readonly byte[] P1 = Encoding.UTF8.GetBytes(P1Body);
    private static readonly DateTimeOffset P1Now = At(P1Timestamp + 3);
    private static readonly string Bogus = new('0', 64);

    private static string P1Header(string signatures) => $"ts={P1Timestamp};{signatures}";

    private static VerificationResult VerifyP1(string? header, params string[] secrets) =>
        Verify(Raw(P1, header, P1Now), P1Now, secrets.Length == 0 ? [Secret] : secrets);

    private static string ReasonOf(VerificationResult result) => Assert.IsType<VerificationResult.Rejected>(result).Reason;

    [Fact]
    public void OfficialVectorP0Verifies()
    {
        var now = At(P0Timestamp + 3);
        var result = Verify(Raw(P0Body, $"ts={P0Timestamp};h1={P0Signature}", now), now, Secret);

        var verified = Assert.IsType<VerificationResult.Verified>(result).Webhook;
        Assert.Equal("evt_01hs0tqfme2xwb2hvwv87p8y3w", verified.EventId);
        Assert.Equal("customer.created", verified.EventType);
        Assert.Null(verified.LiveMode);
    }

    [Fact]
    public void VectorP1Verifies()
    {
        var verified = Assert.IsType<VerificationResult.Verified>(VerifyP1(P1Header($"h1={P1Signature}"))).Webhook;
        Assert.Equal("evt_01jgx0000000000000000000aa", verified.EventId);
        Assert.Equal("transaction.completed", verified.EventType);
    }

    [Theory]
    [InlineData(P0Body, P0Timestamp, P0Signature)]
    [InlineData(P1Body, P1Timestamp, P1Signature)]
    public void SignMakesTheVectorsHeader(string body, long timestamp, string signature)
    {
        var headers = new PaddleProvider().Sign(Encoding.UTF8.GetBytes(body), Secret, At(timestamp), "evt_ignored");

        var header = Assert.Single(headers);
        Assert.Equal(SignatureHeader, header.Key);
        Assert.Equal($"ts={timestamp};h1={signature}", header.Value);
    }

    [Fact]
    public void HeaderNameIsMatchedCaseInsensitively()
    {
        var raw = new RawWebhook("paddle", new WebhookHeaders([new("paddle-signature", P1Header($"h1={P1Signature}"))]), P1, P1Now);
        Assert.IsType<VerificationResult.Verified>(Verify(raw, P1Now, Secret));
    }

    [Fact]
    public void TamperedBodyIsRejected()
    {
        var tampered = Encoding.UTF8.GetBytes(P1Body.Replace("txn_01jgx0000000000000000000cc", "txn_01jgx0000000000000000000cd"));
        var result = Verify(Raw(tampered, P1Header($"h1={P1Signature}"), P1Now), P1Now, Secret);
        Assert.Equal("no signature matches the connection's secret", ReasonOf(result));
    }

    [Fact]
    public void TamperedTimestampIsRejected() =>
        Assert.Equal("no signature matches the connection's secret",
            ReasonOf(Verify(Raw(P1, $"ts={P1Timestamp + 1};h1={P1Signature}", P1Now), P1Now, Secret)));

    [Fact]
    public void WrongSecretIsRejected() =>
        Assert.Equal("no signature matches the connection's secret", ReasonOf(VerifyP1(P1Header($"h1={P1Signature}"), OtherSecret)));

    [Fact]
    public void SecondOfTwoSecretsMatching()
    {
        var header = SignatureOf(P1, OtherSecret, At(P1Timestamp));
        Assert.IsType<VerificationResult.Verified>(VerifyP1(header, Secret, OtherSecret));
        Assert.IsType<VerificationResult.Rejected>(VerifyP1(header, Secret));
    }

    [Fact]
    public void SecretIsNotBase64Decoded()
    {
        var tail = Secret.Split('_')[^1];
        Assert.IsType<VerificationResult.Rejected>(VerifyP1(P1Header($"h1={P1Signature}"), tail));
    }

    [Theory]
    [InlineData("good", "bogus")]
    [InlineData("bogus", "good")]
    public void OneValidSignatureAmongSeveralIsAcceptedInEitherPosition(string first, string second)
    {
        string Pick(string which) => which == "good" ? P1Signature : Bogus;
        Assert.IsType<VerificationResult.Verified>(VerifyP1(P1Header($"h1={Pick(first)};h1={Pick(second)}")));
    }

    [Fact]
    public void SignaturesFromTwoRotatingSecretsBothVerify()
    {
        var header = P1Header($"h1={H1Of(P1, OtherSecret, At(P1Timestamp))};h1={P1Signature}");
        Assert.IsType<VerificationResult.Verified>(VerifyP1(header, Secret));
        Assert.IsType<VerificationResult.Verified>(VerifyP1(header, OtherSecret));
    }

    [Fact]
    public void OnlyBogusSignaturesAreRejected() =>
        Assert.IsType<VerificationResult.Rejected>(VerifyP1(P1Header($"h1={Bogus};h1={Bogus.Replace('0', 'f')}")));

    [Theory]
    [InlineData("ts={ts};h1={sig};v2=abcdef")]
    [InlineData("v0=zzz;ts={ts};h1={sig}")]
    [InlineData("ts={ts};h1={sig};flag")]
    [InlineData(" ts={ts} ; h1={sig} ")]
    [InlineData("h1={sig};ts={ts}")]
    public void UnknownKeysSpacesAndOrderDoNotMatter(string template)
    {
        var header = template.Replace("{ts}", P1Timestamp.ToString()).Replace("{sig}", P1Signature);
        Assert.IsType<VerificationResult.Verified>(VerifyP1(header));
    }

    [Fact]
    public void UpperCaseHexIsAccepted() =>
        Assert.IsType<VerificationResult.Verified>(VerifyP1(P1Header($"h1={P1Signature.ToUpperInvariant()}")));

    [Fact]
    public void MissingHeaderIsRejected() =>
        Assert.Equal("missing Paddle-Signature header", ReasonOf(VerifyP1(null)));

    [Fact]
    public void EmptyHeaderIsRejected() =>
        Assert.Equal("missing Paddle-Signature header", ReasonOf(VerifyP1("  ")));

    [Fact]
    public void HeaderWithoutTimestampIsRejected() =>
        Assert.Equal("Paddle-Signature has no ts", ReasonOf(VerifyP1($"h1={P1Signature}")));

    [Fact]
    public void HeaderWithoutSignatureIsRejected() =>
        Assert.Equal("Paddle-Signature has no h1 signature", ReasonOf(VerifyP1($"ts={P1Timestamp}")));

    [Fact]
    public void HeaderWithTwoTimestampsIsRejected() =>
        Assert.Equal("Paddle-Signature has more than one ts", ReasonOf(VerifyP1($"ts={P1Timestamp};ts={P1Timestamp};h1={P1Signature}")));

    [Theory]
    [InlineData("garbage")]
    [InlineData("ts1735689600h1abaf076d")]
    [InlineData(";;;")]
    [InlineData("=;=")]
    public void GarbledHeaderIsRejected(string header) =>
        Assert.Equal("Paddle-Signature has no ts", ReasonOf(VerifyP1(header)));

    [Fact]
    public void TruncatedSignatureIsRejected() =>
        Assert.Equal("no signature matches the connection's secret", ReasonOf(VerifyP1(P1Header($"h1={P1Signature[..40]}"))));

    [Fact]
    public void NonHexSignatureIsRejected() =>
        Assert.IsType<VerificationResult.Rejected>(VerifyP1(P1Header($"h1={new string('z', 64)}")));

    [Fact]
    public void StaleTimestampIsRejected()
    {
        var now = At(P1Timestamp) + Tolerance + TimeSpan.FromSeconds(1);
        var reason = ReasonOf(Verify(Raw(P1, P1Header($"h1={P1Signature}"), now), now, Secret));
        Assert.StartsWith("the signature timestamp is too old", reason);
    }

    [Fact]
    public void FutureTimestampIsRejected()
    {
        var now = At(P1Timestamp) - Tolerance - TimeSpan.FromSeconds(1);
        var reason = ReasonOf(Verify(Raw(P1, P1Header($"h1={P1Signature}"), now), now, Secret));
        Assert.StartsWith("the signature timestamp is in the future", reason);
    }

    [Fact]
    public void TimestampAtTheEdgeOfTheWindowIsAccepted()
    {
        foreach (var now in new[] { At(P1Timestamp) + Tolerance, At(P1Timestamp) - Tolerance })
            Assert.IsType<VerificationResult.Verified>(Verify(Raw(P1, P1Header($"h1={P1Signature}"), now), now, Secret));
    }

    [Fact]
    public void ToleranceArgumentIsHonoured()
    {
        var provider = new PaddleProvider();
        var raw = Raw(P1, P1Header($"h1={P1Signature}"), P1Now);
        Assert.IsType<VerificationResult.Rejected>(provider.Verify(raw, [Secret], TimeSpan.FromSeconds(2), P1Now));
        Assert.IsType<VerificationResult.Verified>(provider.Verify(raw, [Secret], TimeSpan.FromSeconds(3), P1Now));
    }

    [Fact]
    public void NonNumericTimestampIsRejected()
    {
        var body = P1;
        var header = $"ts=soon;h1={Hmac.ToHex(Hmac.Sha256(Encoding.UTF8.GetBytes(Secret), "soon:", body))}";
        Assert.Equal("the signature timestamp is missing or not a number", ReasonOf(VerifyP1(header)));
    }

    [Fact]
    public void NoSecretsIsRejected()
    {
        Assert.Equal("the connection has no secret", ReasonOf(Verify(Raw(P1, P1Header($"h1={P1Signature}"), P1Now), P1Now)));
        Assert.Equal("the connection has no secret", ReasonOf(Verify(Raw(P1, P1Header($"h1={P1Signature}"), P1Now), P1Now, "")));
    }

    [Fact]
    public void RejectionReasonsNeverContainTheSecretOrSignature()
    {
        string?[] headers = [null, "garbage", $"ts={P1Timestamp}", P1Header($"h1={Bogus}"), P1Header($"h1={P1Signature}")];
        foreach (var header in headers)
        {
            var result = Verify(Raw(P1, header, P1Now), P1Now, OtherSecret);
            var reason = ReasonOf(result);
            Assert.DoesNotContain(OtherSecret, reason);
            Assert.DoesNotContain(P1Signature, reason);
            Assert.DoesNotContain(Bogus, reason);
        }
    }

    [Fact]
    public void VerifiedBodyThatIsNotJsonIsRejected()
    {
        var body = Encoding.UTF8.GetBytes("not json");
        var result = Verify(Raw(body, SignatureOf(body, Secret, P1Now), P1Now), P1Now, Secret);
        Assert.Equal("the body is not valid JSON", ReasonOf(result));
    }

    [Fact]
    public void VerifiedBodyWithoutEventIdIsRejected()
    {
        var body = Encoding.UTF8.GetBytes("""{"event_type":"transaction.completed","data":{}}""");
        var result = Verify(Raw(body, SignatureOf(body, Secret, P1Now), P1Now), P1Now, Secret);
        Assert.Equal("the event has no id", ReasonOf(result));
    }
}
