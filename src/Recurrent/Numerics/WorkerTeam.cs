// The threads that split one operation (a matrix product, a cell step over the batch) between cores.
// A recurrent step is a chain of small operations (at B = 32, H = 128 a step's product takes ~40 µs), so
// handing parts to a thread pool per operation (Parallel.For: a queue, a wake-up, a join, tens of µs)
// costs more than it gains. Here the workers are started once and, between operations, spin on one word
// for a while before they sleep: an operation costs a publication and, at the end, a wait for the parts
// still running, about a microsecond. Work is handed over as a function pointer and a pointer to a context
// on the caller's stack, valid because the caller waits for every part.
// Parts are claimed, not assigned: the caller and the workers take the next unclaimed part until none is
// left. A worker that is not running (its core taken by another process) then costs nothing, since the
// caller does its part; only a part already claimed is waited for, and that wait yields the core. (With
// parts assigned per thread, one preempted worker stalled every operation for a scheduler time slice:
// a training run on a loaded machine went 30 times slower.)
// One operation runs at a time: a caller that finds the team busy (another thread's model, or a part that
// itself asks to split, such as the products inside a recurrent layer's time loop split by batch rows) runs its
// operation alone, with the same results, since no operation's result depends on how it is split or on which
// thread runs which part. A part knows it is one without touching the team's shared words.
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Recurrent.Numerics;

/// <summary>Runs the parts of one operation on the caller and on <see cref="Parallelism.Threads"/> − 1 waiting workers.</summary>
internal static unsafe class WorkerTeam
{
    /// <summary>How long an idle worker spins before it sleeps: longer than the gap between two steps' products.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000; // 1 ms

    private static readonly object Gate = new();
    private static Thread[] s_workers = [];
    private static int s_busy;     // 1 while an operation owns the team
    private static int s_sleeping; // workers inside Monitor.Wait
    private static int s_unfinished; // parts of the current operation not yet finished

    /// <summary>The claim word: generation (bits 32-63), part count (16-31), next unclaimed part (0-15).</summary>
    private static long s_claim;

    private static delegate*<void*, int, int, void> s_work;
    private static void* s_context;
    private static ExceptionDispatchInfo? s_failure;

    /// <summary>Set while this thread runs a part: an operation it starts then runs alone.</summary>
    [ThreadStatic]
    private static bool t_inPart;

    /// <summary>
    /// Calls work(context, part, parts) for every part in [0, parts), parts = <see cref="Parallelism.Threads"/>, spread
    /// over the caller and the workers, and returns when all have finished. When the team is busy, one thread is set,
    /// or the caller is itself running a part of another operation, it calls work(context, 0, 1) instead: the whole
    /// operation on the caller.
    /// </summary>
    public static void Run(delegate*<void*, int, int, void> work, void* context)
    {
        int parts = Parallelism.Threads;
        if (parts <= 1 || t_inPart || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            work(context, 0, 1);
            return;
        }
        try
        {
            EnsureWorkers(parts - 1);
            s_work = work;
            s_context = context;
            s_failure = null;
            Volatile.Write(ref s_unfinished, parts);
            int generation = (int)(Volatile.Read(ref s_claim) >> 32) + 1;
            // Full fence: the operation is visible before its claim word.
            Interlocked.Exchange(ref s_claim, ((long)generation << 32) | ((long)parts << 16));
            if (Volatile.Read(ref s_sleeping) > 0)
                lock (Gate)
                    Monitor.PulseAll(Gate);
            RunClaims(generation);
            var wait = new SpinWait();
            while (Volatile.Read(ref s_unfinished) > 0)
                wait.SpinOnce(sleep1Threshold: -1); // a part a worker claimed and is running; yields now and then
            s_failure?.Throw();
        }
        finally
        {
            s_work = null;
            s_context = null;
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Starts workers until there are <paramref name="count"/>; called when the thread count is set.</summary>
    public static void EnsureWorkers(int count)
    {
        if (Volatile.Read(ref s_workers).Length >= count)
            return;
        lock (Gate)
        {
            if (s_workers.Length >= count)
                return;
            var workers = new Thread[count];
            s_workers.CopyTo(workers, 0);
            for (int k = s_workers.Length; k < count; k++)
            {
                workers[k] = new Thread(Work) { IsBackground = true, Name = $"Recurrent worker {k + 1}" };
                workers[k].Start();
            }
            Volatile.Write(ref s_workers, workers);
        }
    }

    /// <summary>
    /// Takes and runs unclaimed parts of operation <paramref name="generation"/> until none is left. A claim succeeds
    /// only while that operation is the current one, and the operation cannot end before its claimed parts finish,
    /// so the work and context read after a claim are that operation's.
    /// </summary>
    private static void RunClaims(int generation)
    {
        while (true)
        {
            long claim = Volatile.Read(ref s_claim);
            int parts = (int)(claim >> 16) & 0xFFFF, next = (int)claim & 0xFFFF;
            if ((int)(claim >> 32) != generation || next >= parts)
                return;
            if (Interlocked.CompareExchange(ref s_claim, claim + 1, claim) != claim)
                continue;
            t_inPart = true;
            try
            {
                s_work(s_context, next, parts);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_failure, ExceptionDispatchInfo.Capture(e), null); // the first one
            }
            finally
            {
                t_inPart = false;
            }
            Interlocked.Decrement(ref s_unfinished);
        }
    }

    /// <summary>A worker's loop: wait for the next operation, help with its parts.</summary>
    private static void Work()
    {
        int seen = (int)(Volatile.Read(ref s_claim) >> 32);
        while (true)
        {
            seen = WaitForNext(seen);
            RunClaims(seen);
        }
    }

    /// <summary>
    /// Waits until the generation moves past <paramref name="seen"/>: spins, yielding the core to whatever else wants
    /// it after the first few rounds, for up to 1 ms, then sleeps. (Measured: spinning without yielding made 2-thread
    /// training at 1x128 a third slower than this, on this 2-vCPU guest.)
    /// </summary>
    private static int WaitForNext(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        for (int k = 0; ; k++)
        {
            int now = (int)(Volatile.Read(ref s_claim) >> 32);
            if (now != seen)
                return now;
            spin.SpinOnce(sleep1Threshold: -1);
            if ((k & 63) == 0 && Stopwatch.GetTimestamp() - start > SpinTicks)
                break;
        }
        lock (Gate)
        {
            Interlocked.Increment(ref s_sleeping); // full fence before re-reading the claim word
            try
            {
                while ((int)(Volatile.Read(ref s_claim) >> 32) == seen)
                    Monitor.Wait(Gate);
            }
            finally
            {
                Interlocked.Decrement(ref s_sleeping);
            }
            return (int)(Volatile.Read(ref s_claim) >> 32);
        }
    }
}
