using System.Security.Cryptography;

namespace MeshHost.Signaling;

/// <summary>
/// Lobby names: generated as 16 random characters of [A-Za-z0-9] (about 95 bits, as the demo's Node.js server
/// does, but from a cryptographic generator since knowing a name is what lets anyone join); accepted from clients
/// when 1 to <see cref="SignalingSettings.MaxLobbyNameLength"/> characters of [A-Za-z0-9].
/// </summary>
internal static class LobbyNames
{
    /// <summary>Length of generated names.</summary>
    public const int GeneratedLength = 16;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, GeneratedLength);

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > SignalingSettings.MaxLobbyNameLength)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
