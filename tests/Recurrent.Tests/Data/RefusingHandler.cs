// An HTTP handler for tests that must prove no request is sent, or that act out "no network here":
// every request fails as a name lookup without internet would, and is counted.
namespace Recurrent.Tests.Data;

internal sealed class RefusingHandler : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        throw new HttpRequestException($"Name or service not known ({request.RequestUri?.Host}:443)");
    }
}
