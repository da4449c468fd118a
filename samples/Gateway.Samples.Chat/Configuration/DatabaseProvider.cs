namespace Gateway.Samples.Chat.Configuration;

/// <summary>The database that stores users, rooms and messages (<c>Chat:Database:Provider</c>).</summary>
internal enum DatabaseProvider
{
    /// <summary>A SQLite file under <c>Chat:DataDirectory</c>; needs no set-up.</summary>
    Sqlite,

    /// <summary>PostgreSQL reached through <c>Chat:Database:ConnectionString</c>.</summary>
    Postgres,
}