namespace Bridge.Api.Tests.Foundation;

/// <summary>/v1/program and its settings documents: tracking, fraud-rules, payment-terms.</summary>
public sealed class ProgramTests(BridgeApplications apps) : IClassFixture<BridgeApplications>
{
    [Theory, BothStores]
    public async Task ProgramIsReadAndPatchedFieldByField(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync(currency: "EUR");
        var program = await team.Client.GetUrlAsync("/v1/program").DataAsync();
        Assert.Equal(team.ProgramId, program.Str("id"));
        Assert.Equal(("EUR", "total", "public"), (program.Str("currency"), program.Str("commission_base"), program.Str("access_mode")));
        Assert.True(program["affiliate_links_enabled"]!.GetValue<bool>());
        Assert.Null(program["tagline"]);

        var patched = await team.Client.PatchJsonAsync("/v1/program", new
        {
            name = " Renamed ", tagline = "Earn 30%", category = "saas", description = "About", website_url = "https://example.com",
            access_mode = "INVITE", affiliate_links_enabled = false, commission_base = "subtotal",
        }).DataAsync();
        Assert.Equal(("Renamed", "Earn 30%", "saas", "About", "https://example.com", "invite", "subtotal"),
            (patched.Str("name"), patched.Str("tagline"), patched.Str("category"), patched.Str("description"), patched.Str("website_url"),
                patched.Str("access_mode"), patched.Str("commission_base")));
        Assert.False(patched["affiliate_links_enabled"]!.GetValue<bool>());
        Assert.Equal("EUR", patched.Str("currency"));

        var cleared = await team.Client.SendAsync(HttpMethod.Patch, "/v1/program", """{"tagline": null, "website_url": null}""").DataAsync();
        Assert.Null(cleared["tagline"]);
        Assert.Null(cleared["website_url"]);
        Assert.Equal(("Renamed", "saas", "invite"), (cleared.Str("name"), cleared.Str("category"), cleared.Str("access_mode")));
        Assert.Equal(cleared.ToJsonString(), (await team.Client.GetUrlAsync("/v1/program").DataAsync()).ToJsonString());
    }

    [Theory, BothStores]
    public async Task BadProgramValuesAre400AndChangeNothing(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var before = (await team.Client.GetUrlAsync("/v1/program").DataAsync()).ToJsonString();
        foreach (var (json, field) in new[]
                 {
                     ("""{"name": "  "}""", "name"), ("""{"name": null}""", "name"), ("""{"access_mode": "OPEN"}""", "access_mode"),
                     ("""{"website_url": "not a url"}""", "website_url"), ("""{"currency": "EURO"}""", "currency"),
                     ("""{"commission_base": "net"}""", "commission_base"), ("""{"affiliate_links_enabled": "yes"}""", "affiliate_links_enabled"),
                 })
        {
            var body = await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Patch, "/v1/program", json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal(field, body["error"].Str("field"));
        }
        Assert.Equal(before, (await team.Client.GetUrlAsync("/v1/program").DataAsync()).ToJsonString());
    }

    [Theory, BothStores]
    public async Task TrackingSettingsHaveDefaultsAndMergeAPatch(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var defaults = await team.Client.GetUrlAsync("/v1/program/tracking").DataAsync();
        Assert.Equal("""{"default_referral_parameter":"ref","enabled_referral_parameters":["ref","via","aff"],"track_email":true,"track_name":true,"postbacks":[]}""",
            defaults.ToJsonString());

        var patched = await team.Client.PatchJsonAsync("/v1/program/tracking", new
        {
            default_referral_parameter = "via", track_name = false,
            postbacks = new[] { new { url = "https://hooks.example.com/lead", @event = "lead", enabled = true } },
        }).DataAsync();
        Assert.Equal("""{"default_referral_parameter":"via","enabled_referral_parameters":["ref","via","aff"],"track_email":true,"track_name":false,"postbacks":[{"url":"https://hooks.example.com/lead","event":"lead","enabled":true}]}""",
            patched.ToJsonString());
        Assert.Equal(patched.ToJsonString(), (await team.Client.GetUrlAsync("/v1/program/tracking").DataAsync()).ToJsonString());
    }

    [Theory, BothStores]
    public async Task BadTrackingPatchesAre400AndChangeNothing(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        foreach (var (json, field) in new[]
                 {
                     ("""{"track_everything": true}""", "track_everything"), ("""{"track_email": "yes"}""", "track_email"),
                     ("""{"postbacks": [{"url": "ftp://x", "event": "lead", "enabled": true}]}""", "postbacks.url"),
                     ("""{"postbacks": null}""", "postbacks"), ("""{"enabled_referral_parameters": null}""", "enabled_referral_parameters"),
                     ("""{"default_referral_parameter": ""}""", "default_referral_parameter"),
                 })
        {
            var body = await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Patch, "/v1/program/tracking", json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(field, body["error"].Str("field"));
        }
        var after = await team.Client.GetUrlAsync("/v1/program/tracking").DataAsync();
        Assert.True(after["track_email"]!.GetValue<bool>());
        Assert.Empty(after["postbacks"]!.AsArray());
    }

    [Theory, BothStores]
    public async Task FraudRulesHaveDefaultsAndMergeAPatch(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var defaults = await team.Client.GetUrlAsync("/v1/program/fraud-rules").DataAsync();
        Assert.Equal(("detect", "detect", "off", "off", "detect"),
            (defaults.Str("self_referral"), defaults.Str("duplicate_ip"), defaults.Str("vpn_proxy"), defaults.Str("suspicious_conversion"), defaults.Str("disposable_email")));
        Assert.Equal("""{"threshold":3,"window_hours":24}""", defaults["duplicate_ip_config"]!.ToJsonString());
        Assert.Null(defaults["self_referral_config"]);

        var patched = await team.Client.PatchJsonAsync("/v1/program/fraud-rules", new
        {
            self_referral = "block", vpn_proxy = "detect", duplicate_ip_config = new { window_hours = 6 },
        }).DataAsync();
        Assert.Equal(("block", "detect", "detect"), (patched.Str("self_referral"), patched.Str("vpn_proxy"), patched.Str("duplicate_ip")));
        Assert.Equal("""{"threshold":3,"window_hours":6}""", patched["duplicate_ip_config"]!.ToJsonString());

        var reset = await team.Client.SendAsync(HttpMethod.Patch, "/v1/program/fraud-rules", """{"duplicate_ip_config": null}""").DataAsync();
        Assert.Equal("""{"threshold":3,"window_hours":24}""", reset["duplicate_ip_config"]!.ToJsonString());
        Assert.Equal(reset.ToJsonString(), (await team.Client.GetUrlAsync("/v1/program/fraud-rules").DataAsync()).ToJsonString());
    }

    [Theory, BothStores]
    public async Task UnknownFraudRuleFieldsAndBadModesAre400AndChangeNothing(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        foreach (var (json, field) in new[]
                 {
                     ("""{"ip_velocity": "block"}""", "ip_velocity"), ("""{"self_referral": "strict"}""", "self_referral"),
                     ("""{"duplicate_ip": "BLOCK"}""", "duplicate_ip"), ("""{"vpn_proxy": null}""", "vpn_proxy"),
                     ("""{"duplicate_ip_config": {"threshold": 0}}""", "duplicate_ip_config.threshold"),
                     ("""{"duplicate_ip_config": {"window_hours": 9000}}""", "duplicate_ip_config.window_hours"),
                     ("""{"duplicate_ip_config": {"threshold": 2, "color": "red"}}""", "duplicate_ip_config"),
                 })
        {
            var body = await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Patch, "/v1/program/fraud-rules", json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(field, body["error"].Str("field"));
        }
        var after = await team.Client.GetUrlAsync("/v1/program/fraud-rules").DataAsync();
        Assert.Equal(("detect", "detect", "off"), (after.Str("self_referral"), after.Str("duplicate_ip"), after.Str("vpn_proxy")));
        Assert.Equal("""{"threshold":3,"window_hours":24}""", after["duplicate_ip_config"]!.ToJsonString());
    }

    [Theory, BothStores]
    public async Task PaymentTermsShowTheDefaultGroupsRuleAndAPatchChangesIt(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync(percent: 30m);
        var terms = await team.Client.GetUrlAsync("/v1/program/payment-terms").DataAsync();
        Assert.Equal(("percentage", 30m, "forever"), (terms.Str("commission_type"), terms["commission_rate"]!.GetValue<decimal>(), terms.Str("commission_duration")));
        Assert.Null(terms["commission_duration_value"]);
        Assert.Equal((50m, "monthly", 30), (terms["payment_threshold"]!.GetValue<decimal>(), terms.Str("payment_frequency"), terms["cookie_lifetime"]!.GetValue<int>()));
        Assert.False(terms["auto_payout"]!.GetValue<bool>());
        Assert.Null(terms["invoice_company_name"]);

        var patched = await team.Client.PatchJsonAsync("/v1/program/payment-terms", new
        {
            commission_rate = 25.5m, commission_duration = "custom", commission_duration_value = 6, payment_frequency = "weekly",
            cookie_lifetime = 60, auto_payout = true, invoice_required = true, invoice_company_name = "ACME GmbH", owner_email = "owner@example.com",
        }).DataAsync();
        Assert.Equal(("percentage", 25.5m, "custom", 6), (patched.Str("commission_type"), patched["commission_rate"]!.GetValue<decimal>(),
            patched.Str("commission_duration"), patched["commission_duration_value"]!.GetValue<int>()));
        Assert.Equal(("weekly", 60, "ACME GmbH", "owner@example.com"),
            (patched.Str("payment_frequency"), patched["cookie_lifetime"]!.GetValue<int>(), patched.Str("invoice_company_name"), patched.Str("owner_email")));
        Assert.True(patched["auto_payout"]!.GetValue<bool>() && patched["invoice_required"]!.GetValue<bool>());
        Assert.Equal(patched.ToJsonString(), (await team.Client.GetUrlAsync("/v1/program/payment-terms").DataAsync()).ToJsonString());

        // The rule is the default group's sale incentive.
        var groups = await team.Client.GetUrlAsync("/v1/program/groups");
        var defaultGroup = (await ApiAssert.StatusAsync(groups, HttpStatusCode.OK))["data"]!.AsArray().Single(g => g!["is_default"]!.GetValue<bool>())!;
        var sale = defaultGroup["incentives"]!.AsArray().Single(i => i.Str("type") == "sale")!;
        Assert.Equal((25.5m, "months", 6), (sale["amount"]!.GetValue<decimal>(), sale.Str("incentive_length"), sale["length_value"]!.GetValue<int>()));

        var cleared = await team.Client.SendAsync(HttpMethod.Patch, "/v1/program/payment-terms", """{"invoice_company_name": null, "commission_type": "fixed", "commission_rate": 10}""").DataAsync();
        Assert.Null(cleared["invoice_company_name"]);
        Assert.Equal(("fixed", 10m), (cleared.Str("commission_type"), cleared["commission_rate"]!.GetValue<decimal>()));
        Assert.Equal("owner@example.com", cleared.Str("owner_email"));
    }

    [Theory, BothStores]
    public async Task BadPaymentTermsAre400AndChangeNothing(StoreKind kind)
    {
        var team = await (await apps.GetAsync(kind)).CreateTeamAsync();
        var before = (await team.Client.GetUrlAsync("/v1/program/payment-terms").DataAsync()).ToJsonString();
        foreach (var (json, field) in new[]
                 {
                     ("""{"commission_type": "bonus"}""", "commission_type"), ("""{"commission_rate": 150}""", "commission_rate"),
                     ("""{"commission_rate": -1}""", "commission_rate"), ("""{"payment_frequency": "daily"}""", "payment_frequency"),
                     ("""{"cookie_lifetime": 0}""", "cookie_lifetime"), ("""{"commission_duration": "decade"}""", "commission_duration"),
                     ("""{"owner_email": "nobody"}""", "owner_email"), ("""{"auto_payout": null}""", "auto_payout"),
                     ("""{"commission_rate": "ten"}""", "commission_rate"),
                 })
        {
            var body = await ApiAssert.ErrorAsync(await team.Client.SendAsync(HttpMethod.Patch, "/v1/program/payment-terms", json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal(field, body["error"].Str("field"));
        }
        Assert.Equal(before, (await team.Client.GetUrlAsync("/v1/program/payment-terms").DataAsync()).ToJsonString());
    }
}
