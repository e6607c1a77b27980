// The one place that decides whether a large allocation can be made at all: an array holds at most Array.MaxLength
// elements, and the machine has only so much free memory. Models, workspaces, gradients and optimizer states ask
// here before they allocate, with their size computed in 64 bits, so that a size that cannot exist is refused with
// its byte count instead of overflowing, crashing in a kernel, or being killed by the system halfway through.
namespace Recurrent.Numerics;

/// <summary>Refuses allocations over the array limit or over the memory free on this machine, before they happen.</summary>
public static class MemoryBudget
{
    /// <summary>
    /// The bytes that may still be allocated: the memory the runtime may use (the machine's, or the container's
    /// limit) less what the managed heap holds, and no more than the system reports available (Linux's MemAvailable).
    /// </summary>
    public static long AvailableBytes
    {
        get
        {
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(forceFullCollection: false);
            if (SystemAvailableBytes() is long system)
                available = Math.Min(available, system);
            return Math.Max(0, available);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="largestArray"/> elements fit in one array and <paramref name="bytes"/> in the
    /// memory free now. Both are 64-bit counts the caller computed (long.MaxValue when even that overflowed).
    /// </summary>
    /// <param name="largestArray">The elements of the largest single array.</param>
    /// <param name="bytes">The bytes of everything allocated together.</param>
    /// <param name="what">What would be allocated, for the message: "a workspace of 64 steps of 32 sequences".</param>
    /// <param name="parameters">The library parameters that size it, named in the message's advice (see <see cref="RecurrentException.Parameters"/>).</param>
    /// <exception cref="RecurrentException">It cannot be allocated; the message gives the sizes.</exception>
    public static void Ensure(long largestArray, long bytes, string what, params string[] parameters)
    {
        string advice = parameters.Length == 0 ? "" : $"; lower {string.Join(" or ", parameters)}";
        if (largestArray > Array.MaxLength || largestArray < 0)
            throw new RecurrentException(largestArray == long.MaxValue || largestArray < 0
                ? $"{Capital(what)} needs an array of more elements than a 64-bit count holds{advice}."
                : $"{Capital(what)} needs an array of {largestArray:N0} elements, over the {Array.MaxLength:N0} that one array holds{advice}.",
                parameters);
        long available = AvailableBytes;
        if (bytes > available || bytes < 0)
            throw new RecurrentException(bytes == long.MaxValue || bytes < 0
                ? $"{Capital(what)} needs more bytes than a 64-bit count holds{advice}."
                : $"{Capital(what)} needs {bytes:N0} bytes, more than the {available:N0} free on this machine{advice}.", parameters);
    }

    /// <summary>a·b·c... in 64 bits; long.MaxValue when the product overflows even that.</summary>
    public static long Product(params long[] factors)
    {
        try
        {
            long product = 1;
            foreach (long factor in factors)
                product = checked(product * factor);
            return product;
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>a + b + ... in 64 bits; long.MaxValue when the sum overflows.</summary>
    public static long Sum(params long[] terms)
    {
        try
        {
            long sum = 0;
            foreach (long term in terms)
                sum = checked(sum + term);
            return sum;
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>MemAvailable from /proc/meminfo, in bytes, where the system has it.</summary>
    private static long? SystemAvailableBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && long.TryParse(line["MemAvailable:".Length..].Trim().Split(' ')[0], out long kib))
                    return kib * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static string Capital(string what) => what.Length == 0 ? what : char.ToUpperInvariant(what[0]) + what[1..];
}
