using Kabinet.Platform.Errors;

namespace Kabinet.Providers;

public static class ProvidersErrors
{
    public const string MineInvalid = "provider.mine_invalid";

    public static readonly ErrorCatalog Catalog = new()
    {
        [MineInvalid] = ("Параметр mine — true или false.", "The parameter mine is true or false."),
    };
}
