namespace Kabinet.Billing.Pdf;

/// <summary>The bill as a one-page A4 PDF (<see cref="BillLayout"/> drawn with PDFsharp: bench/bill-pdf.sh compared it with PdfPig).</summary>
public static class BillPdf
{
    public const string ContentType = "application/pdf";

    public static byte[] Render(BillDocument bill) =>
        PdfSharpCanvas.Render(canvas => BillLayout.Draw(bill, canvas), $"Счёт {bill.AccountNumber} за {BillLayout.PeriodName(bill.Period)}");
}
