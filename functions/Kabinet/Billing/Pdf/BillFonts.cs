namespace Kabinet.Billing.Pdf;

/// <summary>
/// DejaVu Sans (regular and bold), shipped inside the assembly (Fonts/, free licence in Fonts/LICENSE): it covers Cyrillic
/// and is embedded in every bill, so the text is selectable and reads back on any machine, with or without fonts installed.
/// </summary>
public static class BillFonts
{
    public const string Family = "DejaVu Sans";
    public const string RegularFace = "DejaVuSans";
    public const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lazy<byte[]> RegularBytes = new(() => Load(RegularFace));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load(BoldFace));

    public static byte[] Regular => RegularBytes.Value;
    public static byte[] Bold => BoldBytes.Value;

    public static byte[] Face(string face) => face == BoldFace ? Bold : Regular;

    private static byte[] Load(string face)
    {
        using var stream = typeof(BillFonts).Assembly.GetManifestResourceStream($"Kabinet.Billing.Pdf.Fonts.{face}.ttf")
            ?? throw new InvalidOperationException($"The font {face}.ttf is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
