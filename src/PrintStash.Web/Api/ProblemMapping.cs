using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Ingestion.Vault;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

internal static class ProblemMapping
{
    public static int StatusCode(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem<T>(OperationResult<T> result) =>
        TypedResults.Problem(detail: result.Error, statusCode: StatusCode(result.Kind));

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static Results<NoContent, ProblemHttpResult> ToResult(VaultResult result) =>
        result.Succeeded
            ? TypedResults.NoContent()
            : TypedResults.Problem(detail: result.Error, statusCode: result.Failure == VaultFailure.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
}
