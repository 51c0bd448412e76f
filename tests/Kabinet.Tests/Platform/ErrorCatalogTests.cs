using System.Text.RegularExpressions;
using Kabinet.Platform.Errors;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Platform;

/// <summary>
/// Every error code the source names has a Russian and an English text in the app as Program.cs composes it, and the
/// catalogs merge once: the same code with other texts stops the start.
/// </summary>
[TestClass]
public sealed partial class ErrorCatalogTests
{
    /// <summary>Literals shaped like codes that are field paths of a request body, not codes.</summary>
    private static readonly string[] FieldPathPrefixes = ["verification.", "action.", "audience."];

    [GeneratedRegex("\"([a-z][a-z0-9]*(?:_[a-z0-9]+)*\\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)\"")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex("\\p{IsCyrillic}")]
    private static partial Regex Cyrillic();

    private static IEnumerable<string> CodesInSource() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "functions", "Kabinet"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(code => !FieldPathPrefixes.Any(code.StartsWith) && !code.EndsWith(".json", StringComparison.Ordinal)) // a file name, never a code
            .Distinct()
            .Order(StringComparer.Ordinal);

    [TestMethod]
    public void Every_code_in_the_source_has_both_texts()
    {
        using var factory = new KabinetFactory();
        var messages = factory.Services.GetRequiredService<ErrorMessages>();
        var codes = CodesInSource().ToList();
        Assert.IsTrue(codes.Count > 100, "the scan finds the codes: " + codes.Count);
        var missing = codes.Where(c => !messages.TryGet(c, out _)).ToList();
        Assert.AreEqual(0, missing.Count, "codes without texts: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void Every_registered_text_is_Russian_and_English()
    {
        using var factory = new KabinetFactory();
        var messages = factory.Services.GetRequiredService<ErrorMessages>();
        var wrong = messages.Codes.Where(c => messages.TryGet(c, out var t)
            && (string.IsNullOrWhiteSpace(t.Ru) || string.IsNullOrWhiteSpace(t.En) || !Cyrillic().IsMatch(t.Ru) || Cyrillic().IsMatch(t.En))).ToList();
        Assert.AreEqual(0, wrong.Count, "texts not in Russian and English: " + string.Join(", ", wrong));
    }

    [TestMethod]
    public void One_code_with_two_texts_is_refused()
    {
        var first = new ErrorCatalog { ["sample.code"] = ("Первый.", "First.") };
        var same = new ErrorCatalog { ["sample.code"] = ("Первый.", "First.") };
        var other = new ErrorCatalog { ["sample.code"] = ("Второй.", "Second.") };
        Assert.AreEqual("First.", new ErrorMessages([first, same]).Get("sample.code", english: true));
        Assert.ThrowsExactly<InvalidOperationException>(() => new ErrorMessages([first, other]));
    }
}
