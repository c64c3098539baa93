namespace Bridge.Api.Tests.Contract;

/// <summary><c>program.*</c> of @affonso/sdk (settings, tracking, fraudRules, paymentTerms, groups), request for request.</summary>
public sealed class ProgramContractTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    private static readonly string[] FraudModes = ["off", "detect", "block"];

    private async Task<(TestTeam Team, SdkWire Sdk)> SdkAsync(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        return (team, new SdkWire(team.App, team.ApiKey));
    }

    private static string Enc(string id) => SdkWire.EncodeUriComponent(id);

    [Theory, BothStores]
    public async Task ProgramRetrieve(StoreKind kind)
    {
        var (team, sdk) = await SdkAsync(kind);
        var program = SdkType.ProgramSettings.AssertShape((await sdk.RequestAsync("GET", "/program"))["data"]);
        Assert.Equal(team.ProgramId, program["id"]!.GetValue<string>());
        Assert.Contains(program["access_mode"]!.GetValue<string>(), new[] { "public", "private", "invite" });
    }

    [Theory, BothStores]
    public async Task ProgramUpdate(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        // ProgramSettingsUpdateParams: access_mode is sent upper case; the resource shows enums lower case.
        var body = await sdk.RequestAsync("PATCH", "/program", body: new JsonObject
        {
            ["name"] = "My Program", ["tagline"] = "Best program", ["category"] = "saas", ["description"] = null,
            ["website_url"] = "https://example.com", ["logo_url"] = null, ["access_mode"] = "PRIVATE", ["affiliate_links_enabled"] = false,
        });
        var program = SdkType.ProgramSettings.AssertShape(body["data"]);
        Assert.Equal(("My Program", "Best program", "saas", "https://example.com", "private"),
            (program["name"]!.GetValue<string>(), program["tagline"]!.GetValue<string>(), program["category"]!.GetValue<string>(),
                program["website_url"]!.GetValue<string>(), program["access_mode"]!.GetValue<string>()));
        Assert.False(program["affiliate_links_enabled"]!.GetValue<bool>());
        Assert.Equal(program.ToJsonString(), (await sdk.RequestAsync("GET", "/program"))["data"]!.ToJsonString());
    }

    [Theory, BothStores]
    public async Task ProgramTrackingRetrieve(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var tracking = SdkType.TrackingSettings.AssertShape((await sdk.RequestAsync("GET", "/program/tracking"))["data"]);
        SdkType.TrackingPostback.AssertArray(tracking["postbacks"]);
        Assert.Contains(tracking["default_referral_parameter"]!.GetValue<string>(), tracking["enabled_referral_parameters"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task ProgramTrackingUpdate(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var body = await sdk.RequestAsync("PATCH", "/program/tracking", body: new JsonObject
        {
            ["track_name"] = false,
            ["enabled_referral_parameters"] = new JsonArray("ref", "via"),
            ["postbacks"] = new JsonArray(new JsonObject { ["url"] = "https://example.com/pb", ["event"] = "lead", ["enabled"] = true }),
        });
        var tracking = SdkType.TrackingSettings.AssertShape(body["data"]);
        Assert.False(tracking["track_name"]!.GetValue<bool>());
        Assert.Equal(["ref", "via"], tracking["enabled_referral_parameters"]!.AsArray().Select(p => p!.GetValue<string>()));
        var postback = Assert.Single(SdkType.TrackingPostback.AssertArray(tracking["postbacks"]))!;
        Assert.Equal("https://example.com/pb", postback["url"]!.GetValue<string>());
    }

    [Theory, BothStores]
    public async Task ProgramFraudRulesRetrieve(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var rules = SdkType.FraudRules.AssertShape((await sdk.RequestAsync("GET", "/program/fraud-rules"))["data"]);
        foreach (var rule in new[] { "self_referral", "duplicate_ip", "vpn_proxy", "suspicious_conversion" })
        {
            Assert.Contains(rules[rule]!.GetValue<string>(), FraudModes);
            if (rules[rule + "_config"] is { } config)
                SdkType.FraudRuleConfig.AssertShape(config);
        }
    }

    [Theory, BothStores]
    public async Task ProgramFraudRulesUpdate(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var body = await sdk.RequestAsync("PATCH", "/program/fraud-rules", body: new JsonObject
        {
            ["vpn_proxy"] = "block",
            ["self_referral"] = "off",
            ["self_referral_config"] = null,
            ["duplicate_ip_config"] = new JsonObject { ["threshold"] = 5, ["window_hours"] = 12 },
        });
        var rules = SdkType.FraudRules.AssertShape(body["data"]);
        Assert.Equal(("block", "off"), (rules["vpn_proxy"]!.GetValue<string>(), rules["self_referral"]!.GetValue<string>()));
        var config = SdkType.FraudRuleConfig.AssertShape(rules["duplicate_ip_config"]);
        Assert.Equal((5, 12), (config["threshold"]!.GetValue<int>(), config["window_hours"]!.GetValue<int>()));

        // FraudRulesUpdateParams allows a config of null.
        var reset = SdkType.FraudRules.AssertShape((await sdk.RequestAsync("PATCH", "/program/fraud-rules", body: new JsonObject { ["duplicate_ip_config"] = null }))["data"]);
        Assert.True(reset["duplicate_ip_config"] is null or JsonObject);
    }

    [Theory, BothStores]
    public async Task ProgramPaymentTermsRetrieve(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var terms = SdkType.PaymentTerms.AssertShape((await sdk.RequestAsync("GET", "/program/payment-terms"))["data"]);
        Assert.Contains(terms["commission_type"]!.GetValue<string>(), new[] { "percentage", "fixed" });
        Assert.Contains(terms["commission_duration"]!.GetValue<string>(), new[] { "forever", "once", "first_month", "custom" });
        Assert.Contains(terms["payment_frequency"]!.GetValue<string>(), new[] { "monthly", "biweekly", "weekly" });
    }

    [Theory, BothStores]
    public async Task ProgramPaymentTermsUpdate(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var body = await sdk.RequestAsync("PATCH", "/program/payment-terms", body: new JsonObject
        {
            ["commission_rate"] = 30, ["auto_payout"] = true, ["payment_frequency"] = "biweekly", ["invoice_country"] = "DE",
            ["owner_first_name"] = "Ada", ["invoice_vat_id"] = null,
        });
        var terms = SdkType.PaymentTerms.AssertShape(body["data"]);
        Assert.Equal((30m, "biweekly", "DE", "Ada"), (terms["commission_rate"]!.GetValue<decimal>(), terms["payment_frequency"]!.GetValue<string>(),
            terms["invoice_country"]!.GetValue<string>(), terms["owner_first_name"]!.GetValue<string>()));
        Assert.True(terms["auto_payout"]!.GetValue<bool>());
        Assert.Equal(terms.ToJsonString(), (await sdk.RequestAsync("GET", "/program/payment-terms"))["data"]!.ToJsonString());
    }

    [Theory, BothStores]
    public async Task ProgramGroupsList(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        // groups.list({ expand: "incentives" }) → data: Group[] (a plain array, no pagination).
        var groups = SdkType.Group.AssertArray((await sdk.RequestAsync("GET", "/program/groups", [("expand", "incentives")]))["data"]);
        var group = Assert.Single(groups)!;
        Assert.True(group["is_default"]!.GetValue<bool>());
        Assert.Equal(1, group["affiliate_count"]!.GetValue<int>());
        Assert.Single(SdkType.GroupIncentive.AssertArray(group["incentives"]));
    }

    [Theory, BothStores]
    public async Task ProgramGroupsRetrieve(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var id = (await sdk.RequestAsync("GET", "/program/groups"))["data"]![0]!["id"]!.GetValue<string>();
        var group = SdkType.Group.AssertShape((await sdk.RequestAsync("GET", $"/program/groups/{Enc(id)}"))["data"]);
        Assert.Equal(id, group["id"]!.GetValue<string>());
        var (status, error, _) = await sdk.SendAsync("GET", $"/program/groups/{Enc("grp_missing")}");
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (status, error["error"]!["code"]!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task ProgramGroupsCreate(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var body = await sdk.RequestAsync("POST", "/program/groups", body: new JsonObject { ["name"] = "VIP", ["description"] = null, ["is_default"] = false },
            expected: HttpStatusCode.Created);
        var group = SdkType.Group.AssertShape(body["data"]);
        Assert.Equal(("VIP", false, 0), (group["name"]!.GetValue<string>(), group["is_default"]!.GetValue<bool>(), group["affiliate_count"]!.GetValue<int>()));
        Assert.Null(group["description"]);
    }

    [Theory, BothStores]
    public async Task ProgramGroupsUpdate(StoreKind kind)
    {
        var (team, sdk) = await SdkAsync(kind);
        var created = await team.Client.PostAsJsonAsync("/v1/program/groups", new { name = "VIP", description = "old", incentives = new[] { new { amount = 25 } } },
            TestContext.Current.CancellationToken);
        var id = (await ApiAssert.StatusAsync(created, HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        // groups.update(id, { name: "Premium", description: null, is_default: true }) → PATCH
        var body = await sdk.RequestAsync("PATCH", $"/program/groups/{Enc(id)}", body: new JsonObject
        {
            ["name"] = "Premium", ["description"] = null, ["is_default"] = true,
        });
        var group = SdkType.Group.AssertShape(body["data"]);
        Assert.Equal(("Premium", true), (group["name"]!.GetValue<string>(), group["is_default"]!.GetValue<bool>()));
        Assert.Null(group["description"]);
        var all = SdkType.Group.AssertArray((await sdk.RequestAsync("GET", "/program/groups"))["data"]);
        Assert.Equal([id], all.Where(g => g!["is_default"]!.GetValue<bool>()).Select(g => g!["id"]!.GetValue<string>()));
    }

    [Theory, BothStores]
    public async Task ProgramGroupsDel(StoreKind kind)
    {
        var (_, sdk) = await SdkAsync(kind);
        var id = (await sdk.RequestAsync("POST", "/program/groups", body: new JsonObject { ["name"] = "Temp" }, expected: HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        SdkType.DeleteResponse.AssertShape(await sdk.RequestAsync("DELETE", $"/program/groups/{Enc(id)}"));
        Assert.Single((await sdk.RequestAsync("GET", "/program/groups"))["data"]!.AsArray());
    }
}
