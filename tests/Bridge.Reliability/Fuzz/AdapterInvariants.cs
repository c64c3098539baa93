using Bridge.Providers.Contract;

namespace Bridge.Reliability.Fuzz;

/// <summary>
/// What every adapter must keep, whatever a (signed) body says — read from the contract in
/// <c>src/Bridge.Providers/Contract</c> (<see cref="IPaymentProvider"/>, <see cref="PaymentEvent"/>, <see cref="VerificationResult"/>):
/// <list type="number">
/// <item><c>Verify</c> never throws: it returns <see cref="VerificationResult.Verified"/> or <see cref="VerificationResult.Rejected"/>
/// with a non-empty reason.</item>
/// <item>A body signed by the adapter's own <c>Sign</c> with the connection's secret, now, is never refused for its signature:
/// when it is rejected, the reason is about the body (not JSON, not an object, no event id, not UTF-8).</item>
/// <item>Forgeries are refused: the same signature over a body with one byte changed, a signature made with another secret,
/// a timestamp outside the tolerance (schemes that sign one), and garbled signature headers never verify — unless the
/// garbled header still carries the genuine digest.</item>
/// <item><c>Map</c> never throws: it returns events, or <see cref="MappingResult.Fail"/> with a non-empty error and no events.</item>
/// <item>Every event has a defined <see cref="PaymentKind"/> and a non-empty <see cref="PaymentEvent.ProviderEventId"/>; an
/// ignored event says why (<see cref="PaymentEvent.IgnoredReason"/>).</item>
/// <item>Every money event (initial, renewal, subscription payment, refund, dispute): <see cref="PaymentEvent.AmountMinor"/>,
/// <see cref="PaymentEvent.CumulativeRefundedMinor"/> and <see cref="PaymentEvent.SubtotalMinor"/> are never negative (a
/// wrapped-around sum shows up as negative), the currency is three upper-case letters (ISO 4217 shape), and
/// <see cref="PaymentEvent.ProviderPaymentId"/> names the payment (not null, empty or blank) — a refund or dispute that
/// cannot say which payment it is about must fail, not float free.</item>
/// <item>No id or attribution text the engine stores carries a NUL character (PostgreSQL text refuses it, so the event
/// would fail on every retry).</item>
/// </list>
/// </summary>
public static class AdapterInvariants
{
    private static readonly string[] BodyReasons = ["JSON", "no id", "UTF-8"];

    public static string? CheckGenuineVerification(VerificationResult result) => result switch
    {
        VerificationResult.Verified => null,
        VerificationResult.Rejected { Reason: var reason } when string.IsNullOrWhiteSpace(reason) => "rejected without a reason",
        VerificationResult.Rejected { Reason: var reason } when !BodyReasons.Any(r => reason.Contains(r, StringComparison.Ordinal)) =>
            $"a body signed with the connection's own secret was rejected for its signature: {reason}",
        VerificationResult.Rejected => null,
        null => "Verify returned null",
        _ => $"Verify returned {result.GetType().Name}",
    };

    public static string? CheckForgeryRefused(VerificationResult result, string what) => result switch
    {
        VerificationResult.Rejected { Reason: var reason } when string.IsNullOrWhiteSpace(reason) => $"{what}: rejected without a reason",
        VerificationResult.Rejected => null,
        VerificationResult.Verified => $"{what}: VERIFIED (forgery accepted)",
        _ => $"{what}: Verify returned {result?.GetType().Name ?? "null"}",
    };

    public static IEnumerable<string> CheckMapping(MappingResult? result)
    {
        if (result is null)
        {
            yield return "Map returned null";
            yield break;
        }
        if (result.Events is null)
        {
            yield return "Map returned null events";
            yield break;
        }
        if (result.Error is not null)
        {
            if (string.IsNullOrWhiteSpace(result.Error))
                yield return "Map failed with a blank error";
            if (result.Events.Count > 0)
                yield return "Map failed but returned events too";
            yield break;
        }
        foreach (var e in result.Events)
        {
            if (e is null)
            {
                yield return "Map returned a null event";
                continue;
            }
            if (!Enum.IsDefined(e.Kind))
                yield return $"undefined kind {(int)e.Kind}";
            if (string.IsNullOrWhiteSpace(e.ProviderEventId))
                yield return $"{e.Kind} without a provider event id";
            if (e.Kind == PaymentKind.Ignored)
            {
                if (string.IsNullOrWhiteSpace(e.IgnoredReason))
                    yield return "ignored event without a reason";
                continue;
            }
            if (e.AmountMinor < 0)
                yield return $"{e.Kind} with a negative amount {e.AmountMinor}";
            if (e.CumulativeRefundedMinor < 0)
                yield return $"{e.Kind} with a negative cumulative refunded amount {e.CumulativeRefundedMinor}";
            if (e.SubtotalMinor < 0)
                yield return $"{e.Kind} with a negative subtotal {e.SubtotalMinor}";
            if (e.Currency is null || e.Currency.Length != 3 || !e.Currency.All(char.IsAsciiLetterUpper))
                yield return $"{e.Kind} with currency '{e.Currency}', not three upper-case letters";
            if (string.IsNullOrWhiteSpace(e.ProviderPaymentId))
                yield return $"{e.Kind} without a payment id ('{e.ProviderPaymentId}')";
            if (e.PaymentAliases is null || e.PaymentAliases.Any(string.IsNullOrEmpty))
                yield return $"{e.Kind} with a null or empty payment alias";
            string?[] stored = [e.ProviderPaymentId, e.RefundId, e.CustomerId, e.SubscriptionId, e.CheckoutReference, e.Attribution?.ClickId,
                e.Attribution?.ExternalUserId, e.Attribution?.Email, .. e.PaymentAliases ?? []];
            if (stored.Any(text => text?.Contains('\0') == true))
                yield return $"{e.Kind} with a NUL character in an id or attribution (PostgreSQL text cannot store it)";
        }
    }
}
