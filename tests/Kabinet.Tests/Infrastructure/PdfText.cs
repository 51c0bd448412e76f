using UglyToad.PdfPig;

namespace Kabinet.Tests.Infrastructure;

/// <summary>A PDF's words read back with PdfPig, in page order, joined by single spaces: what a reader could select and copy.</summary>
public static class PdfText
{
    public static string Of(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
