namespace Kabinet.Billing.Pdf;

public enum Align { Left, Right, Center }

/// <summary>
/// The drawing a bill needs, in points on an A4 page from its top-left corner (y grows downwards; a text's y is its
/// baseline): text in DejaVu Sans, filled rectangles, lines. <see cref="BillLayout"/> draws on it; <see cref="PdfSharpCanvas"/>
/// writes the PDF (the bench draws the same layout with PdfPig's builder to compare the two).
/// </summary>
public interface IBillCanvas
{
    void Text(string text, double x, double y, double size, bool bold = false, Align align = Align.Left, double gray = 0);
    double Width(string text, double size, bool bold = false);
    /// <summary>A filled rectangle; gray 0 is black, 1 white.</summary>
    void Fill(double x, double y, double width, double height, double gray = 0);
    void Line(double x1, double y1, double x2, double y2, double width = 0.5, double gray = 0);
}
