using Microsoft.AspNetCore.Http.HttpResults;
using PrintStash.Web.Api.Contracts;
using PrintStash.Web.Auth;

namespace PrintStash.Web.Api;

/// <summary>User administration (Admin only).</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Admin);

        group.MapGet("/", List).WithName("ListUsers").WithSummary("All users.");
        group.MapPost("/", Create).WithName("CreateUser").WithSummary("Create a user with a role.");
        group.MapPatch("/{id:guid}", Update).WithName("UpdateUser").WithSummary("Change a user's role, activation or password.");
        return app;
    }

    private static async Task<Ok<List<UserResponse>>> List(UserAccounts accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.ListAsync(cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> Create(
        CreateUserRequest? request, HttpContext http, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ProblemMapping.Invalid("Send a JSON body with userName, password and role.");
        }

        if (!RoleNames.TryParse(request.Role, out var role))
        {
            return ProblemMapping.Invalid($"Unknown role '{request.Role}': use Viewer, Designer, Operator or Admin.");
        }

        var result = await accounts.CreateAsync(
            new NewUser(request.UserName ?? string.Empty, request.DisplayName, request.Password ?? string.Empty, role, request.Email),
            http.Actor(),
            cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/users/{result.Value!.Id}", ToResponse(result.Value))
            : ProblemMapping.Problem(result);
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Update(
        Guid id, UpdateUserRequest? request, HttpContext http, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (request is null || (request.Role is null && request.IsActive is null && request.Password is null))
        {
            return ProblemMapping.Invalid("Send at least one of role, isActive, password.");
        }

        var actor = http.Actor();
        OperationResult<UserSummary>? result = null;
        if (request.Role is not null)
        {
            if (!RoleNames.TryParse(request.Role, out var role))
            {
                return ProblemMapping.Invalid($"Unknown role '{request.Role}': use Viewer, Designer, Operator or Admin.");
            }

            result = await accounts.ChangeRoleAsync(id, role, actor, cancellationToken);
            if (!result.Succeeded)
            {
                return ProblemMapping.Problem(result);
            }
        }

        if (request.IsActive is { } active)
        {
            result = await accounts.SetActiveAsync(id, active, actor, cancellationToken);
            if (!result.Succeeded)
            {
                return ProblemMapping.Problem(result);
            }
        }

        if (request.Password is not null)
        {
            result = await accounts.ResetPasswordAsync(id, request.Password, actor, cancellationToken);
            if (!result.Succeeded)
            {
                return ProblemMapping.Problem(result);
            }
        }

        return TypedResults.Ok(ToResponse(result!.Value!));
    }

    private static UserResponse ToResponse(UserSummary u) =>
        new(u.Id, u.UserName, u.DisplayName, u.Email, u.Role.ToString(), u.IsActive, u.CreatedAt, u.LastSignInAt);
}
