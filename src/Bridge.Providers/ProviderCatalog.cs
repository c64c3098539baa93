namespace Bridge.Providers;

/// <summary>Every provider the bridge speaks. A new provider is one folder plus one line here.</summary>
public static class ProviderCatalog
{
    public static IReadOnlyList<IPaymentProvider> All { get; } =
    [
        new Stripe.StripeProvider(),
        new Polar.PolarProvider(),
        new Paddle.PaddleProvider(),
        new Dodo.DodoProvider(),
        new Creem.CreemProvider(),
    ];

    public static IPaymentProvider? Find(string name) =>
        All.FirstOrDefault(provider => string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase));
}
