using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrintStash.Bench.Support;

internal sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, TimeSpan Duration);

/// <summary>Records the SQL EF Core sends (with parameter values) and how long the database took, for EXPLAIN QUERY PLAN.</summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private readonly Lock gate = new();
    private readonly List<CapturedCommand> commands = [];

    public IReadOnlyList<CapturedCommand> Take()
    {
        lock (gate)
        {
            var copy = commands.ToList();
            commands.Clear();
            return copy;
        }
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add(command, eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Add(command, eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Add(command, eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    private void Add(DbCommand command, TimeSpan duration)
    {
        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList();
        lock (gate)
        {
            commands.Add(new CapturedCommand(command.CommandText, parameters, duration));
        }
    }
}

/// <summary>Counts committed transactions and the time the commits took (on SQLite: the WAL write and its fsync).</summary>
internal sealed class CommitCapture : DbTransactionInterceptor
{
    private long count;
    private long ticks;

    public (long Count, TimeSpan Total) Take() =>
        (Interlocked.Exchange(ref count, 0), TimeSpan.FromTicks(Interlocked.Exchange(ref ticks, 0)));

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Add(eventData.Duration);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration);
        return Task.CompletedTask;
    }

    private void Add(TimeSpan duration)
    {
        Interlocked.Increment(ref count);
        Interlocked.Add(ref ticks, duration.Ticks);
    }
}
