namespace Bridge.Reliability;

public static class ProviderSecrets
{
    /// <summary>A random signing secret in the provider's own format, with a base64 body where the scheme decodes one.</summary>
    public static string For(string provider, Random random)
    {
        var bytes = new byte[24];
        random.NextBytes(bytes);
        return provider switch
        {
            "paddle" => "pdl_ntfset_" + Convert.ToHexStringLower(bytes),
            "polar" => "polar_whs_" + Convert.ToHexStringLower(bytes),
            _ => "whsec_" + Convert.ToBase64String(bytes),
        };
    }
}
