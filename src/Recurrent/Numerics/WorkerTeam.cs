// The threads that split one operation (a matrix product, a cell step over the batch) between cores.
// A recurrent step is a chain of small operations (at B = 32, H = 128 a step's product takes ~40 µs), so
// handing parts to a thread pool per operation (Parallel.For: a queue, a wake-up, a join, tens of µs)
// costs more than it gains. Here the workers are started once and, between operations, spin on one
// counter for a while before they sleep: an operation costs the callers a counter bump and, at the end,
// a spin on the parts left, about a microsecond. Work is handed over as a function pointer and a pointer
// to a context on the caller's stack, valid because the caller waits for every part.
// One operation runs at a time: a caller that finds the team busy (another thread's model, or a part that
// itself asks to split) runs all its parts alone, with the same results, since no operation's result
// depends on how it is split.
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
    private static int s_busy;       // 1 while an operation owns the team
    private static int s_generation; // bumped once per operation; workers wait for it to change
    private static int s_sleeping;   // workers inside Monitor.Wait
    private static int s_pending;    // worker parts not yet finished
    private static int s_parts;
    private static delegate*<void*, int, int, void> s_work;
    private static void* s_context;
    private static ExceptionDispatchInfo? s_failure;

    /// <summary>
    /// Calls work(context, part, parts) for every part in [0, parts), parts = <see cref="Parallelism.Threads"/>: part 0
    /// on the calling thread, the rest on workers, and returns when all have finished. When the team is busy, or one
    /// thread is set, it calls work(context, 0, 1) instead: the whole operation on the caller.
    /// </summary>
    public static void Run(delegate*<void*, int, int, void> work, void* context)
    {
        int parts = Parallelism.Threads;
        if (parts <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            work(context, 0, 1);
            return;
        }
        try
        {
            EnsureWorkers(parts - 1);
            s_work = work;
            s_context = context;
            Volatile.Write(ref s_parts, parts);
            s_failure = null;
            Volatile.Write(ref s_pending, parts - 1);
            Interlocked.Increment(ref s_generation); // full fence: the job is visible before the bump
            if (Volatile.Read(ref s_sleeping) > 0)
                lock (Gate)
                    Monitor.PulseAll(Gate);
            work(context, 0, parts);
            // The caller's own part was as large as the workers', so their rest is short: spin, never yield.
            while (Volatile.Read(ref s_pending) > 0)
                Thread.SpinWait(4);
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
            StartWorkers(count);
    }

    private static void StartWorkers(int count)
    {
        if (s_workers.Length >= count)
            return;
        var workers = new Thread[count];
        s_workers.CopyTo(workers, 0);
        for (int k = s_workers.Length; k < count; k++)
        {
            // The generation is read here, before this operation bumps it, so the new worker takes part in it.
            int part = k + 1, generation = Volatile.Read(ref s_generation);
            workers[k] = new Thread(() => Work(part, generation)) { IsBackground = true, Name = $"Recurrent worker {part}" };
            workers[k].Start();
        }
        Volatile.Write(ref s_workers, workers);
    }

    /// <summary>A worker's loop: wait for the next operation, run its part if it has one, report.</summary>
    private static void Work(int part, int seen)
    {
        while (true)
        {
            seen = WaitForNext(seen);
            int parts = Volatile.Read(ref s_parts);
            // A worker left out of an operation (fewer parts than workers) may read the next one's part count;
            // the generation tells: if it moved, go round again. A worker that has a part holds its operation open.
            if (Volatile.Read(ref s_generation) != seen || part >= parts)
                continue;
            try
            {
                s_work(s_context, part, parts);
            }
            catch (Exception e)
            {
                s_failure = ExceptionDispatchInfo.Capture(e);
            }
            Interlocked.Decrement(ref s_pending);
        }
    }

    /// <summary>Spins until the generation moves past <paramref name="seen"/>, then sleeps if it takes long.</summary>
    private static int WaitForNext(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        int spins = 0;
        while (true)
        {
            int now = Volatile.Read(ref s_generation);
            if (now != seen)
                return now;
            Thread.SpinWait(8);
            if ((++spins & 255) == 0 && Stopwatch.GetTimestamp() - start > SpinTicks)
                break;
        }
        lock (Gate)
        {
            Interlocked.Increment(ref s_sleeping); // full fence before re-reading the generation
            try
            {
                while (Volatile.Read(ref s_generation) == seen)
                    Monitor.Wait(Gate);
            }
            finally
            {
                Interlocked.Decrement(ref s_sleeping);
            }
            return Volatile.Read(ref s_generation);
        }
    }
}
