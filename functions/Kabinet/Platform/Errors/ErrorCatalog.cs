namespace Kabinet.Platform.Errors;

/// <summary>
/// One feature's error codes with their texts, Russian first (the default) and English. A feature declares its
/// catalog once, as a static table in its *Errors.cs, and registers it in its Add method with
/// <see cref="ErrorCatalogSetup.AddErrors"/>; <see cref="ErrorMessages"/> merges every registered catalog at start-up.
/// </summary>
public sealed class ErrorCatalog() : Dictionary<string, (string Ru, string En)>(StringComparer.Ordinal);

public static class ErrorCatalogSetup
{
    /// <summary>Registers a feature's codes and texts (once: adding the same catalog again changes nothing).</summary>
    public static IServiceCollection AddErrors(this IServiceCollection services, ErrorCatalog catalog)
    {
        if (!services.Any(s => ReferenceEquals(s.ImplementationInstance, catalog))) services.AddSingleton(catalog);
        return services;
    }
}
