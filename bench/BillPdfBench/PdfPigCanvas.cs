using Kabinet.Billing.Pdf;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

/// <summary>The bill's canvas on PdfPig's builder: origin bottom-left, so y turns over; the TrueType font is embedded whole.</summary>
sealed class PdfPigCanvas : IBillCanvas
{
    private readonly PdfPageBuilder _page;
    private readonly PdfDocumentBuilder.AddedFont _regular, _bold;

    private PdfPigCanvas(PdfPageBuilder page, PdfDocumentBuilder.AddedFont regular, PdfDocumentBuilder.AddedFont bold) =>
        (_page, _regular, _bold) = (page, regular, bold);

    public static byte[] Render(Action<IBillCanvas> draw)
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddTrueTypeFont(BillFonts.Regular);
        var bold = builder.AddTrueTypeFont(BillFonts.Bold);
        var page = builder.AddPage(BillLayout.PageWidth, BillLayout.PageHeight);
        draw(new PdfPigCanvas(page, regular, bold));
        return builder.Build();
    }

    private static byte Gray(double g) => (byte)Math.Round(Math.Clamp(g, 0, 1) * 255);

    public void Text(string text, double x, double y, double size, bool bold = false, Align align = Align.Left, double gray = 0)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (align != Align.Left)
        {
            var width = Width(text, size, bold);
            x -= align == Align.Right ? width : width / 2;
        }
        var g = Gray(gray);
        _page.SetTextAndFillColor(g, g, g);
        _page.AddText(text, size, new PdfPoint(x, BillLayout.PageHeight - y), bold ? _bold : _regular);
    }

    public double Width(string text, double size, bool bold = false)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var letters = _page.MeasureText(text, size, new PdfPoint(0, 0), bold ? _bold : _regular);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }

    public void Fill(double x, double y, double width, double height, double gray = 0)
    {
        var g = Gray(gray);
        _page.SetTextAndFillColor(g, g, g);
        _page.SetStrokeColor(g, g, g);
        _page.DrawRectangle(new PdfPoint(x, BillLayout.PageHeight - y - height), width, height, 0, fill: true);
    }

    public void Line(double x1, double y1, double x2, double y2, double width = 0.5, double gray = 0)
    {
        var g = Gray(gray);
        _page.SetStrokeColor(g, g, g);
        _page.DrawLine(new PdfPoint(x1, BillLayout.PageHeight - y1), new PdfPoint(x2, BillLayout.PageHeight - y2), width);
    }
}
