namespace Kabinet.Operators;

public static class ImportsSetup
{
    public static void AddImports(this WebApplicationBuilder builder) { }

    public static void MapImports(this WebApplication app) { }
}
