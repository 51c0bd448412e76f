using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Kabinet.Billing.Pdf;

/// <summary>
/// <see cref="IBillCanvas"/> on a PDFsharp page. PDFsharp embeds only the glyphs used (a subset of DejaVu Sans) with a
/// ToUnicode map, so Cyrillic is selectable and small; its coordinates are already points from the top-left corner.
/// </summary>
public sealed class PdfSharpCanvas : IBillCanvas
{
    static PdfSharpCanvas() => DejaVuFontResolver.Install();

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly XGraphics _gfx;
    private readonly Dictionary<(double, bool), XFont> _fonts = [];

    public PdfSharpCanvas(XGraphics gfx) => _gfx = gfx;

    /// <summary>One A4 page drawn by <paramref name="draw"/>, as PDF bytes.</summary>
    public static byte[] Render(Action<IBillCanvas> draw, string title) => Render([draw], title);

    /// <summary>A4 pages, each drawn by its action, as PDF bytes.</summary>
    public static byte[] Render(IReadOnlyList<Action<IBillCanvas>> pages, string title)
    {
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Kabinet";
        document.Options.CompressContentStreams = true;
        foreach (var draw in pages)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(BillLayout.PageWidth);
            page.Height = XUnit.FromPoint(BillLayout.PageHeight);
            using var gfx = XGraphics.FromPdfPage(page);
            draw(new PdfSharpCanvas(gfx));
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private XFont Font(double size, bool bold)
    {
        if (!_fonts.TryGetValue((size, bold), out var font))
            _fonts[(size, bold)] = font = new XFont(BillFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);
        return font;
    }

    private static XColor Gray(double gray)
    {
        var v = (int)Math.Round(Math.Clamp(gray, 0, 1) * 255);
        return XColor.FromArgb(v, v, v);
    }

    public void Text(string text, double x, double y, double size, bool bold = false, Align align = Align.Left, double gray = 0)
    {
        if (string.IsNullOrEmpty(text)) return;
        var font = Font(size, bold);
        if (align != Align.Left)
        {
            var width = _gfx.MeasureString(text, font).Width;
            x -= align == Align.Right ? width : width / 2;
        }
        _gfx.DrawString(text, font, new XSolidBrush(Gray(gray)), x, y);
    }

    public double Width(string text, double size, bool bold = false) =>
        string.IsNullOrEmpty(text) ? 0 : _gfx.MeasureString(text, Font(size, bold)).Width;

    public void Fill(double x, double y, double width, double height, double gray = 0) =>
        _gfx.DrawRectangle(new XSolidBrush(Gray(gray)), x, y, width, height);

    public void Line(double x1, double y1, double x2, double y2, double width = 0.5, double gray = 0) =>
        _gfx.DrawLine(new XPen(Gray(gray), width), x1, y1, x2, y2);
}
