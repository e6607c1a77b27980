// What a download reports as it goes, so a caller can draw a progress line; the library prints nothing.
namespace Recurrent.Data;

/// <summary>Bytes received so far, and the total when the server announced one (Content-Length).</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
