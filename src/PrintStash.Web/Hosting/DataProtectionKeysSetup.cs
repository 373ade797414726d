using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace PrintStash.Web.Hosting;

/// <summary>Keeps the cookie-encryption keys in the data directory, so sign-ins survive a restart or a new container.</summary>
internal sealed class DataProtectionKeysSetup(DataDirectory dataDirectory, ILoggerFactory loggerFactory) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        dataDirectory.EnsureExists();
        options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(dataDirectory.KeysPath), loggerFactory);
    }
}
