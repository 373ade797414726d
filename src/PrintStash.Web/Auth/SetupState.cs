namespace PrintStash.Web.Auth;

/// <summary>
/// Whether the first Admin still has to be created. Once a user exists this never goes back, so the answer is
/// cached after the first "yes"; creating the first Admin is serialized so two racing setups cannot both succeed.
/// </summary>
public sealed class SetupState(UserAccounts accounts)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool hasUsers;

    public async Task<bool> IsSetupRequiredAsync(CancellationToken cancellationToken)
    {
        if (hasUsers)
        {
            return false;
        }

        hasUsers = await accounts.AnyUserExistsAsync(cancellationToken);
        return !hasUsers;
    }

    public async Task<OperationResult<UserSummary>> CreateFirstAdminAsync(NewUser admin, Domain.Audit.AuditActor actor, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!await IsSetupRequiredAsync(cancellationToken))
            {
                return OperationResult<UserSummary>.Fail("PrintStash is already set up; sign in instead.", FailureKind.Conflict);
            }

            var result = await accounts.CreateAsync(admin with { Role = Domain.Entities.UserRole.Admin }, actor, cancellationToken);
            hasUsers = result.Succeeded;
            return result;
        }
        finally
        {
            gate.Release();
        }
    }
}
