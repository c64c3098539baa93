using Bridge.Providers.Polar;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Tests.Polar;

public sealed class PolarSignatureTests
{
    private static readonly PolarProvider Provider = new();

    private static readonly string ValidSignature = PolarTestKit.VectorSignature;

    private static VerificationResult VerifyVector(RawWebhook webhook, DateTimeOffset now, params string[] secrets) =>
        Provider.Verify(webhook, secrets.Length == 0 ? [PolarTestKit.Secret] : secrets, Provider.DefaultTolerance!.Value, now);

    private static VerificationResult VerifyVector(RawWebhook webhook) => VerifyVector(webhook, PolarTestKit.VectorTime.AddSeconds(10));

    [Fact]
    public void NameAndToleranceAreRight()
    {
        Assert.Equal("polar", Provider.Name);
        Assert.Equal(TimeSpan.FromSeconds(300), Provider.DefaultTolerance);
    }

    [Fact]
    public void ReferenceVectorVerifies()
    {
        var verified = Assert.IsType<VerificationResult.Verified>(VerifyVector(PolarTestKit.VectorWebhook())).Webhook;
        Assert.Equal(PolarTestKit.VectorId, verified.EventId);
        Assert.Equal("order.paid", verified.EventType);
        Assert.Null(verified.LiveMode);
        Assert.Equal("ord_1", verified.Payload.GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public void SignReproducesTheReferenceVector()
    {
        var headers = Provider.Sign(Encoding.UTF8.GetBytes(PolarTestKit.VectorBody), PolarTestKit.Secret, PolarTestKit.VectorTime, PolarTestKit.VectorId);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["webhook-id"] = PolarTestKit.VectorId,
                ["webhook-timestamp"] = PolarTestKit.VectorTimestamp,
                ["webhook-signature"] = ValidSignature,
            },
            headers);
    }

    [Fact]
    public void SecretIsUsedAsRawBytesNotBase64Decoded()
    {
        var secret = "c2VjcmV0LWtleS1ieXRlcw==";
        var body = Encoding.UTF8.GetBytes(PolarTestKit.VectorBody);
        var rawKeyDigest = Hmac.Sha256(Encoding.UTF8.GetBytes(secret), $"{PolarTestKit.VectorId}.{PolarTestKit.VectorTimestamp}.", body);
        var decodedKeyDigest = Hmac.Sha256(Convert.FromBase64String(secret), $"{PolarTestKit.VectorId}.{PolarTestKit.VectorTimestamp}.", body);

        Assert.IsType<VerificationResult.Verified>(
            VerifyVector(PolarTestKit.VectorWebhook("v1," + Convert.ToBase64String(rawKeyDigest)), PolarTestKit.VectorTime, secret));
        Assert.IsType<VerificationResult.Rejected>(
            VerifyVector(PolarTestKit.VectorWebhook("v1," + Convert.ToBase64String(decodedKeyDigest)), PolarTestKit.VectorTime, secret));
    }

    [Theory]
    [InlineData("v1,bogus= {0}")]
    [InlineData("{0} v1,bogus=")]
    [InlineData("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= {0}")]
    [InlineData("v2,somethingelse {0}")]
    public void OneValidSignatureAmongSeveralIsAccepted(string header) =>
        Assert.IsType<VerificationResult.Verified>(VerifyVector(PolarTestKit.VectorWebhook(string.Format(header, ValidSignature))));

    [Fact]
    public void TamperedSignatureIsRejected()
    {
        var tampered = ValidSignature.Replace("HDOup", "HDOuq", StringComparison.Ordinal);
        Assert.Contains("no signature matches", PolarTestKit.Rejection(VerifyVector(PolarTestKit.VectorWebhook(tampered))));
    }

    [Fact]
    public void TamperedBodyIsRejected()
    {
        var tampered = PolarTestKit.VectorBody.Replace("2000", "2001", StringComparison.Ordinal);
        Assert.Contains("no signature matches", PolarTestKit.Rejection(VerifyVector(PolarTestKit.VectorWebhook(body: tampered))));
    }

    [Fact]
    public void BodyWithExtraWhitespaceIsRejected() =>
        Assert.IsType<VerificationResult.Rejected>(VerifyVector(PolarTestKit.VectorWebhook(body: PolarTestKit.VectorBody + "\n")));

    [Fact]
    public void WrongSecretIsRejected() =>
        Assert.IsType<VerificationResult.Rejected>(VerifyVector(PolarTestKit.VectorWebhook(), PolarTestKit.VectorTime, "polar_whs_other"));

    [Fact]
    public void SecondOfTwoSecretsMatches() =>
        Assert.IsType<VerificationResult.Verified>(
            VerifyVector(PolarTestKit.VectorWebhook(), PolarTestKit.VectorTime, "polar_whs_rotated_out", PolarTestKit.Secret));

    [Fact]
    public void NoUsableSecretIsRejected()
    {
        Assert.Contains("no Polar webhook secret", PolarTestKit.Rejection(Provider.Verify(PolarTestKit.VectorWebhook(), [], TimeSpan.FromMinutes(5), PolarTestKit.VectorTime)));
        Assert.Contains("no Polar webhook secret", PolarTestKit.Rejection(Provider.Verify(PolarTestKit.VectorWebhook(), [""], TimeSpan.FromMinutes(5), PolarTestKit.VectorTime)));
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void MissingHeaderIsRejected(string missing)
    {
        var headers = new[]
        {
            (StandardWebhooks.IdHeader, PolarTestKit.VectorId),
            (StandardWebhooks.TimestampHeader, PolarTestKit.VectorTimestamp),
            (StandardWebhooks.SignatureHeader, ValidSignature),
        };
        var webhook = PolarTestKit.Webhook(PolarTestKit.VectorBody, headers.Where(header => header.Item1 != missing).ToArray());
        Assert.Contains($"missing {missing}", PolarTestKit.Rejection(VerifyVector(webhook)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1")]
    [InlineData("v1,")]
    [InlineData("HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9edn4=")]
    [InlineData("v2,HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9edn4=")]
    [InlineData("v1,HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9ed")]
    [InlineData("v1,HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9edn4=AAAA")]
    [InlineData("v1;HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9edn4=")]
    public void GarbledOrTruncatedSignatureHeaderIsRejected(string header) =>
        Assert.IsType<VerificationResult.Rejected>(VerifyVector(PolarTestKit.VectorWebhook(header)));

    [Fact]
    public void NonNumericTimestampIsRejectedEvenWhenSigned()
    {
        const string timestamp = "2025-01-01T00:00:00Z";
        var digest = Hmac.Sha256(Encoding.UTF8.GetBytes(PolarTestKit.Secret), $"{PolarTestKit.VectorId}.{timestamp}.", Encoding.UTF8.GetBytes(PolarTestKit.VectorBody));
        var webhook = PolarTestKit.Webhook(PolarTestKit.VectorBody,
            (StandardWebhooks.IdHeader, PolarTestKit.VectorId),
            (StandardWebhooks.TimestampHeader, timestamp),
            (StandardWebhooks.SignatureHeader, "v1," + Convert.ToBase64String(digest)));
        Assert.Contains("not a number", PolarTestKit.Rejection(VerifyVector(webhook)));
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-300, true)]
    [InlineData(-301, false)]
    public void TimestampMustBeWithinFiveMinutesEitherWay(int secondsAfterSigning, bool accepted)
    {
        var result = VerifyVector(PolarTestKit.VectorWebhook(), PolarTestKit.VectorTime.AddSeconds(secondsAfterSigning));
        if (accepted)
            Assert.IsType<VerificationResult.Verified>(result);
        else
            Assert.Contains(secondsAfterSigning > 0 ? "too old" : "in the future", PolarTestKit.Rejection(result));
    }

    [Fact]
    public void ToleranceArgumentIsHonoured()
    {
        var result = Provider.Verify(PolarTestKit.VectorWebhook(), [PolarTestKit.Secret], TimeSpan.FromSeconds(60), PolarTestKit.VectorTime.AddSeconds(61));
        Assert.Contains("too old", PolarTestKit.Rejection(result));
    }

    [Fact]
    public void SignedBodyThatIsNotJsonIsRejected() =>
        Assert.Contains("not valid JSON", PolarTestKit.Rejection(PolarTestKit.Verify(PolarTestKit.Signed("not json"))));

    [Fact]
    public void RejectionsNeverRevealTheSecretOrSignature()
    {
        var rejections = new[]
        {
            VerifyVector(PolarTestKit.VectorWebhook(), PolarTestKit.VectorTime, "polar_whs_other"),
            VerifyVector(PolarTestKit.VectorWebhook(body: PolarTestKit.VectorBody + " ")),
            VerifyVector(PolarTestKit.VectorWebhook(), PolarTestKit.VectorTime.AddHours(1)),
            VerifyVector(PolarTestKit.VectorWebhook("v1,HDOupdFEQrKX6RDmhCJ/MehVvdVbTTTO5kt+di9ed")),
        }.Select(PolarTestKit.Rejection).ToList();

        Assert.All(rejections, reason =>
        {
            Assert.False(string.IsNullOrWhiteSpace(reason));
            Assert.DoesNotContain(PolarTestKit.Secret, reason);
            Assert.DoesNotContain("polar_whs_other", reason);
            Assert.DoesNotContain("HDOupdFEQrKX6RDmhCJ", reason);
        });
    }

    [Theory]
    [InlineData("polar_whs_test_secret_123")]
    [InlineData("whsec_c2VjcmV0")]
    public void WellFormedSecretIsAccepted(string secret) => Assert.Null(Provider.CheckSecret(secret));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" polar_whs_test_secret_123")]
    [InlineData("polar_whs_test_secret_123 ")]
    [InlineData("polar_whs_test_secret_123\n")]
    public void MalformedSecretIsRefusedWithAReason(string secret)
    {
        var reason = Provider.CheckSecret(secret);
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.DoesNotContain("polar_whs_test_secret_123", reason);
    }
}
