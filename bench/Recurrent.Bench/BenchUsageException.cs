// A bad command line: Program prints the message on one line and exits with code 2.
namespace Recurrent.Bench;

internal sealed class BenchUsageException(string message) : Exception(message);
