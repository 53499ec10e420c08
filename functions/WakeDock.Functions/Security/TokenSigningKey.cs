using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// The HMAC-SHA256 key tokens are signed with: <c>WAKEDOCK_TOKEN_SIGNING_KEY</c> when set, otherwise 32 random bytes
/// generated once and kept (base64, owner-only) in <c>token-signing.key</c> beside the data directory, so that tokens
/// outlive a restart. Without a local data directory the key lives in memory only.
/// </summary>
public sealed partial class TokenSigningKey
{
    public const int MinimumBytes = 32;
    public const string FileName = "token-signing.key";

    private readonly Lazy<SymmetricSecurityKey> _key;

    public TokenSigningKey(IOptions<SecurityOptions> security, IOptions<WakeDockOptions> pipeline, ILogger<TokenSigningKey> logger)
    {
        _key = new Lazy<SymmetricSecurityKey>(() => new SymmetricSecurityKey(Load(security.Value.Tokens, pipeline.Value.Storage, logger)));
    }

    public SymmetricSecurityKey Key => _key.Value;

    /// <summary>Where a generated key is kept: the setting, or beside the data directory; null without a local one.</summary>
    public static string? FileOf(TokenOptions tokens, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(tokens.KeyFile))
        {
            return tokens.KeyFile;
        }

        if (storage.Kind != StorageKind.Local || string.IsNullOrWhiteSpace(storage.Path))
        {
            return null;
        }

        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storage.Path));
        return Path.Combine(Path.GetDirectoryName(data) ?? data, FileName);
    }

    /// <summary>The configured key's bytes, or null when it is not base64 of at least 32 bytes.</summary>
    public static byte[]? Decode(string configured)
    {
        var bytes = new byte[configured.Length];
        return Convert.TryFromBase64String(configured.Trim(), bytes, out var written) && written >= MinimumBytes ? bytes[..written] : null;
    }

    private static byte[] Load(TokenOptions tokens, StorageOptions storage, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(tokens.SigningKey))
        {
            return Decode(tokens.SigningKey) ?? throw new InvalidOperationException("WAKEDOCK_TOKEN_SIGNING_KEY is not base64 of 32 bytes or more.");
        }

        if (FileOf(tokens, storage) is not { } file)
        {
            LogInMemory(logger);
            return RandomNumberGenerator.GetBytes(MinimumBytes);
        }

        if (File.Exists(file) && Decode(File.ReadAllText(file)) is { } kept)
        {
            return kept;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var generated = RandomNumberGenerator.GetBytes(MinimumBytes);
        try
        {
            // CreateNew: a second process generating at the same time reads the first one's key instead.
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(file, fileOptions))
            {
                writer.Write(Convert.ToBase64String(generated));
            }

            LogGenerated(logger, file);
            return generated;
        }
        catch (IOException) when (File.Exists(file) && Decode(File.ReadAllText(file)) is { } other)
        {
            return other;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated the token signing key and kept it in {File} (set WAKEDOCK_TOKEN_SIGNING_KEY to choose one)")]
    private static partial void LogGenerated(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No local data directory and no WAKEDOCK_TOKEN_SIGNING_KEY: tokens are signed with a key held in memory and end with this process (and differ between instances)")]
    private static partial void LogInMemory(ILogger logger);
}
