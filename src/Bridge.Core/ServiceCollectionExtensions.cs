using Bridge.Core.Affiliates;
using Bridge.Core.Commissions;
using Bridge.Core.Connections;
using Bridge.Core.Inbox;
using Bridge.Core.Outbound;
using Bridge.Core.Payments;
using Bridge.Core.ApiKeys;
using Bridge.Core.Demo;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;
using Bridge.Core.Signups;
using Bridge.Core.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the store and the domain services over it.</summary>
    public static IServiceCollection AddBridgeCore(this IServiceCollection services, StoreOptions store, IEnumerable<string>? extraDisposableDomains = null)
    {
        services.AddSingleton(store);
        services.AddSingleton<BridgeDatabase>();
        services.AddSingleton<Migrator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new DisposableDomains(extraDisposableDomains));
        services.AddSingleton<TeamStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ProgramStore>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<IncentiveStore>();
        services.AddSingleton<AffiliateStore>();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<ClickService>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<TeamProvisioning>();
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<PaymentEngine>();
        services.AddSingleton<CommissionStore>();
        services.AddSingleton<ConversionService>();
        services.AddSingleton<HoldRelease>();
        services.AddSingleton<OutboundStore>();
        return services;
    }
}
