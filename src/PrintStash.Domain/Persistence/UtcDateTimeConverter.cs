using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PrintStash.Domain.Persistence;

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    toStore => toStore.Kind == DateTimeKind.Utc ? toStore : toStore.ToUniversalTime(),
    fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
