using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary>Small helpers that keep every query parameterized and every timestamp in one representation.</summary>
internal static class Sql
{
    /// <summary>A command on <paramref name="connection"/> (in <paramref name="transaction"/> if given) with named parameters.</summary>
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>The stored form of a timestamp: Unix milliseconds.</summary>
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    /// <summary>A stored timestamp read back.</summary>
    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    /// <summary>A nullable stored timestamp read back.</summary>
    public static DateTimeOffset? FromUnixMsOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.GetInt64(ordinal));
}