using Microsoft.Data.Sqlite;
using PrintStash.Domain.Persistence;
using PrintStash.Domain.Settings;

namespace PrintStash.Web.Tests.TestSupport;

/// <summary>A folder under the system temp directory, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("printstash-web-tests-").FullName;
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "printstash.db");

    public void Dispose()
    {
        // Pooled connections keep the SQLite file open; drop ours before deleting the folder.
        using (var connection = new SqliteConnection(DatabaseConfiguration.SqliteConnectionString(new PrintStashOptions { DataDir = Path })))
        {
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
