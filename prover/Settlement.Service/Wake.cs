namespace Settlement.Service;

/// <summary>
/// A wake-up for loops that otherwise poll the store. A loop takes a <see cref="Ticket"/> before it looks, then waits on
/// it (<see cref="Wait"/>); a <see cref="Pulse"/> after the ticket was taken ends the wait at once, so a change made
/// while the loop was looking is not missed. It only shortens waits on this silo: other silos still find the change at
/// their next poll, so nothing depends on a pulse arriving.
/// </summary>
public sealed class Wake
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Ticket => Volatile.Read(ref _next).Task;

    /// <summary>Completes every ticket taken so far.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Returns after <paramref name="timeout"/> or when <paramref name="ticket"/> completes, whichever comes first.</summary>
    public static async Task Wait(Task ticket, TimeSpan timeout, CancellationToken ct)
    {
        try { await ticket.WaitAsync(timeout, ct); }
        catch (TimeoutException) { }
    }
}
