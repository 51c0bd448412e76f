using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Kabinet.Platform.Storage;

/// <summary>Whole files in Blob storage: read one if it is there, write one over whatever was there.</summary>
public static class BlobFiles
{
    /// <summary>The blob's bytes, or null when it (or its container) does not exist.</summary>
    public static async Task<byte[]?> ReadIfExistsAsync(this BlobServiceClient blobs, string container, string name, CancellationToken ct)
    {
        try
        {
            return (await blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync(ct)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the blob (overwriting), creating the container first when a fresh storage account has none yet.</summary>
    public static async Task WriteAsync(this BlobServiceClient blobs, string container, string name, byte[] content, string contentType, CancellationToken ct)
    {
        var client = blobs.GetBlobContainerClient(container);
        var blob = client.GetBlobClient(name);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(content), options, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Start-up creates containers best-effort; the first write after it failed creates this one.
            await client.CreateIfNotExistsAsync(cancellationToken: ct);
            await blob.UploadAsync(BinaryData.FromBytes(content), options, ct);
        }
    }
}
