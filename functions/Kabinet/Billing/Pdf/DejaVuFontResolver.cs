using PdfSharp.Fonts;

namespace Kabinet.Billing.Pdf;

/// <summary>
/// PDFsharp's fonts for the whole process: every family resolves to the embedded DejaVu Sans (<see cref="BillFonts"/>).
/// PDFsharp has one global resolver; any other PDF the app draws (a receipt) calls <see cref="Install"/> and uses
/// <see cref="BillFonts.Family"/> rather than setting a resolver of its own.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    private static readonly object Gate = new();

    public static void Install()
    {
        lock (Gate) GlobalFontSettings.FontResolver ??= new DejaVuFontResolver();
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? BillFonts.BoldFace : BillFonts.RegularFace);

    public byte[]? GetFont(string faceName) => BillFonts.Face(faceName);
}
