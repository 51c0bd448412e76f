using System.Reflection;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Operators;
using Kabinet.Profile;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Docs;

/// <summary>
/// The closed sets of string values the API speaks, as enums in the document: by JSON property name everywhere, or by
/// the declaring type where one name means different sets. The values come from the constant classes the code uses.
/// </summary>
public static class ClosedSets
{
    public static readonly string[] Zones = ZoneSets.Zones.Values.SelectMany(z => z).Distinct().ToArray();

    private static readonly string[] BillDelivery = [BillDeliveries.Paper, BillDeliveries.Email];

    /// <summary>Property name → values, for names that mean one set wherever they appear (an array's items take them too).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByName = new Dictionary<string, string[]>
    {
        ["method"] = ProofMethods.All,
        ["proofMethod"] = ProofMethods.All,
        ["acceptedProofs"] = ProofMethods.All,
        ["gender"] = ProfileRules.Genders,
        ["billDelivery"] = BillDelivery,
        ["providerBillDelivery"] = BillDelivery,
        ["zoneSet"] = ZoneSets.Zones.Keys.ToArray(),
        ["zones"] = Zones,
        ["zone"] = Zones,
        ["state"] = MeterStates.All,
        ["stove"] = ImportRules.Stoves,
        ["role"] = Constants(typeof(Roles)),
        ["reason"] = Constants(typeof(SubmitBlocks)).Where(r => r != SubmitBlocks.VerificationExpired).ToArray(),
    };

    /// <summary>(declaring type, property name) → values, where the name alone is ambiguous.</summary>
    public static readonly IReadOnlyDictionary<(Type, string), string[]> ByType = new Dictionary<(Type, string), string[]>
    {
        [(typeof(ReadingView), "status")] = Constants(typeof(ReadingStatuses)),
        [(typeof(ReadingView), "channel")] = Constants(typeof(ReadingChannels)),
        [(typeof(ChallengeStarted), "channel")] = [CodeMessage.Sms, CodeMessage.Email],
        [(typeof(ImportView), "status")] = Constants(typeof(ImportStatus)),
        [(typeof(ImportCreated), "status")] = Constants(typeof(ImportStatus)),
        [(typeof(ImportView), "kind")] = [.. ImportKinds.All, ImportKinds.Bundle],
        [(typeof(ProfileView), "language")] = Languages.All,
        [(typeof(ProfilePatch), "language")] = Languages.All,
    };

    public static string[]? Of(Type? declaringType, string name) =>
        declaringType is not null && ByType.TryGetValue((declaringType, name), out var typed) ? typed
        : ByName.TryGetValue(name, out var named) ? named : null;

    private static string[] Constants(Type holder) =>
        holder.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToArray();
}
