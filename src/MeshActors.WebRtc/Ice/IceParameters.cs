using System.Security.Cryptography;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// The short-term credentials of one ICE agent (RFC 8445 §5.3; SDP <c>a=ice-ufrag</c> /
/// <c>a=ice-pwd</c>, RFC 8839 §5.4): a username fragment of 4..256 ice-chars and a password of
/// 22..256 ice-chars, ice-char = ALPHA / DIGIT / "+" / "/".
/// </summary>
public sealed record IceParameters
{
    /// <summary>Shortest username fragment (RFC 8839 §5.4: at least 4 characters).</summary>
    public const int MinUsernameFragmentLength = 4;

    /// <summary>Shortest password (RFC 8839 §5.4: at least 22 characters, 128 bits of randomness).</summary>
    public const int MinPasswordLength = 22;

    /// <summary>Longest username fragment or password (RFC 8839 §5.4: at most 256 characters).</summary>
    public const int MaxLength = 256;

    /// <summary>Length of a generated username fragment.</summary>
    public const int GeneratedUsernameFragmentLength = 8;

    /// <summary>Length of a generated password (24 ice-chars = 144 bits).</summary>
    public const int GeneratedPasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Creates credentials; throws <see cref="ArgumentException"/> when either is outside the grammar.</summary>
    public IceParameters(string usernameFragment, string password)
    {
        if (!IsValidUsernameFragment(usernameFragment))
        {
            throw new ArgumentException("An ICE username fragment is 4 to 256 ice-chars (A-Z a-z 0-9 + /).", nameof(usernameFragment));
        }
        if (!IsValidPassword(password))
        {
            throw new ArgumentException("An ICE password is 22 to 256 ice-chars (A-Z a-z 0-9 + /).", nameof(password));
        }
        UsernameFragment = usernameFragment;
        Password = password;
    }

    /// <summary>The username fragment ("ice-ufrag").</summary>
    public string UsernameFragment { get; }

    /// <summary>The password ("ice-pwd").</summary>
    public string Password { get; }

    /// <summary>New random credentials: an 8-char ufrag and a 24-char password from a cryptographic generator.</summary>
    public static IceParameters Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, GeneratedUsernameFragmentLength),
            RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>True for 4..256 ice-chars.</summary>
    public static bool IsValidUsernameFragment(string? value) =>
        value is { Length: >= MinUsernameFragmentLength and <= MaxLength } && AreIceChars(value);

    /// <summary>True for 22..256 ice-chars.</summary>
    public static bool IsValidPassword(string? value) =>
        value is { Length: >= MinPasswordLength and <= MaxLength } && AreIceChars(value);

    /// <summary>True when every character is an ice-char.</summary>
    internal static bool AreIceChars(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The username fragment only: the password is a secret and stays out of logs.</summary>
    public override string ToString() => $"ufrag {UsernameFragment}";
}
