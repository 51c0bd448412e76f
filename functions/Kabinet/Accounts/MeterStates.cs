namespace Kabinet.Accounts;

/// <summary>A meter's <see cref="MeterEntity.State"/>: only an active meter proves an account and takes readings.</summary>
public static class MeterStates
{
    public const string Active = "active";
    public const string Decommissioned = "decommissioned";
    public static readonly string[] All = [Active, Decommissioned];
}
