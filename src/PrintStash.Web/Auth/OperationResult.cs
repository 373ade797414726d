namespace PrintStash.Web.Auth;

public enum FailureKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}

/// <summary>The outcome of a user-facing operation: a value, or an error message a person can act on.</summary>
public sealed record OperationResult<T>(T? Value, string? Error, FailureKind Kind = FailureKind.Invalid)
{
    public bool Succeeded => Error is null;

    public static OperationResult<T> Ok(T value) => new(value, null);

    public static OperationResult<T> Fail(string error, FailureKind kind = FailureKind.Invalid) => new(default, error, kind);
}
