<#
.SYNOPSIS
    Slicer post-processing hook: sends the G-code the slicer just wrote to PrintStash.

.DESCRIPTION
    Paste into "Post-processing scripts" (PrusaSlicer, SuperSlicer, OrcaSlicer, Bambu Studio):
        "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -ExecutionPolicy Bypass -File "C:\PrintStash\printstash-upload.ps1"
    The slicer appends the G-code path as the last argument and sets SLIC3R_PP_OUTPUT_NAME (the final name).

    Settings come from the environment or from printstash-upload.conf next to this script (KEY=value lines):
      PRINTSTASH_URL, PRINTSTASH_API_KEY (required), PRINTSTASH_MODEL, PRINTSTASH_COLLECTION, PRINTSTASH_TAGS,
      PRINTSTASH_SPOOL_DIR (default: %LOCALAPPDATA%\PrintStash\spool).

    It never breaks the export and never changes the G-code: when the upload fails it keeps a copy in the spool
    folder, says so, and exits 0; the next run (or -Flush) uploads what is spooled.
#>
param(
    [string]$Model,
    [string]$Collection,
    [string]$Tags,
    [switch]$Flush,
    [switch]$NoSlicerTags,
    [Parameter(Position = 0, ValueFromRemainingArguments = $true)][string[]]$Rest
)

$ErrorActionPreference = 'Stop'
$configFile = if ($env:PRINTSTASH_CONFIG) { $env:PRINTSTASH_CONFIG } else { Join-Path $PSScriptRoot 'printstash-upload.conf' }

function Get-Setting([string]$Name) {
    $fromEnv = [Environment]::GetEnvironmentVariable($Name)
    if ($fromEnv) { return $fromEnv }
    if (Test-Path -LiteralPath $configFile) {
        $line = Get-Content -LiteralPath $configFile -Encoding UTF8 | Where-Object { $_ -match "^\s*$Name\s*=" } | Select-Object -Last 1
        if ($line) { return ($line -replace "^\s*$Name\s*=\s*", '').Trim().Trim('"').Trim("'") }
    }
    return $null
}

$url = Get-Setting 'PRINTSTASH_URL'
$apiKey = Get-Setting 'PRINTSTASH_API_KEY'
if (-not $Model) { $Model = Get-Setting 'PRINTSTASH_MODEL' }
if (-not $Collection) { $Collection = Get-Setting 'PRINTSTASH_COLLECTION' }
if (-not $Tags) { $Tags = Get-Setting 'PRINTSTASH_TAGS' }
$spoolDir = Get-Setting 'PRINTSTASH_SPOOL_DIR'
if (-not $spoolDir) { $spoolDir = Join-Path $env:LOCALAPPDATA 'PrintStash\spool' }
$logFile = Join-Path (Split-Path $spoolDir -Parent) 'printstash-upload.log'
if ($url) {
    $url = $url.TrimEnd('/')
    if ($url -notmatch '^https?://') { $url = "http://$url" }
}

function Say([string]$Message) {
    [Console]::Error.WriteLine("PrintStash: $Message")
    try { Add-Content -LiteralPath $logFile -Value ("{0:u} {1}" -f (Get-Date).ToUniversalTime(), $Message) -Encoding UTF8 } catch { }
}

function Get-SlicerTags {
    if ($NoSlicerTags) { return @() }
    $list = @()
    $printer = if ($env:SLIC3R_PRINTER_MODEL) { $env:SLIC3R_PRINTER_MODEL } else { $env:SLIC3R_PRINTER_SETTINGS_ID }
    if ($printer) { $list += $printer }
    if ($env:SLIC3R_FILAMENT_TYPE) { $list += $env:SLIC3R_FILAMENT_TYPE -split ';' | ForEach-Object { $_.Trim().Trim('"') } | Where-Object { $_ } }
    return $list | Select-Object -Unique
}

# Streams the file as multipart/form-data (never loads it into memory). Returns 'ok', 'retry' or 'rejected'.
function Send-File([string]$Path, [string]$Name, [string]$ModelValue, [string]$CollectionValue, [string[]]$TagValues) {
    if (-not $url -or -not $apiKey) {
        Say "PRINTSTASH_URL and PRINTSTASH_API_KEY are not set (environment or $configFile)."
        return 'retry'
    }
    Add-Type -AssemblyName System.Net.Http
    $handler = New-Object System.Net.Http.HttpClientHandler
    $client = New-Object System.Net.Http.HttpClient($handler)
    $client.Timeout = [TimeSpan]::FromHours(6)
    $client.DefaultRequestHeaders.Add('X-Api-Key', $apiKey)
    $form = New-Object System.Net.Http.MultipartFormDataContent
    $stream = $null
    try {
        $form.Add((New-Object System.Net.Http.StringContent($Name, [Text.Encoding]::UTF8)), 'name')
        if ($ModelValue) { $form.Add((New-Object System.Net.Http.StringContent($ModelValue, [Text.Encoding]::UTF8)), 'model') }
        if ($CollectionValue) { $form.Add((New-Object System.Net.Http.StringContent($CollectionValue, [Text.Encoding]::UTF8)), 'collection') }
        foreach ($tag in $TagValues) { $form.Add((New-Object System.Net.Http.StringContent($tag, [Text.Encoding]::UTF8)), 'tags') }
        $stream = [IO.File]::OpenRead($Path)
        $file = New-Object System.Net.Http.StreamContent($stream, 81920)
        $file.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::Parse('application/octet-stream')
        $form.Add($file, 'file', 'upload.gcode')
        $response = $client.PostAsync("$url/api/v1/slicer/upload", $form).GetAwaiter().GetResult()
        $status = [int]$response.StatusCode
        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        $message = $null
        try {
            $json = $text | ConvertFrom-Json
            $message = @($json.message, $json.detail, $json.error) | Where-Object { $_ } | Select-Object -First 1
        } catch { }
        switch ($status) {
            { $_ -in 200, 201 } { Say $(if ($message) { $message } else { "uploaded $Name" }); return 'ok' }
            { $_ -in 401, 403 } { Say "the server refused the API key (HTTP $status): $message"; return 'retry' }
            { $_ -in 400, 404, 413, 415 } { Say "the server did not take '$Name' (HTTP $status): $message"; return 'rejected' }
            default { Say "the server answered HTTP ${status}: $message"; return 'retry' }
        }
    }
    catch {
        Say "could not reach $url ($($_.Exception.GetBaseException().Message))."
        return 'retry'
    }
    finally {
        if ($stream) { $stream.Dispose() }
        $form.Dispose()
        $client.Dispose()
    }
}

function Save-ToSpool([string]$Path, [string]$Name, [string]$ModelValue, [string]$CollectionValue, [string[]]$TagValues) {
    try {
        New-Item -ItemType Directory -Force -Path $spoolDir | Out-Null
        $id = '{0:yyyyMMddHHmmss}-{1}' -f (Get-Date).ToUniversalTime(), $PID
        Copy-Item -LiteralPath $Path -Destination (Join-Path $spoolDir "$id.part")
        [IO.File]::WriteAllText((Join-Path $spoolDir "$id.name"), $Name)
        [IO.File]::WriteAllText((Join-Path $spoolDir "$id.model"), [string]$ModelValue)
        [IO.File]::WriteAllText((Join-Path $spoolDir "$id.collection"), [string]$CollectionValue)
        [IO.File]::WriteAllLines((Join-Path $spoolDir "$id.tags"), [string[]]$TagValues)
        Move-Item -LiteralPath (Join-Path $spoolDir "$id.part") -Destination (Join-Path $spoolDir "$id.gcode")
        Say "kept '$Name' in $spoolDir; it is uploaded on the next export or with: printstash-upload.ps1 -Flush"
    }
    catch {
        Say "could not keep a copy in ${spoolDir}: $($_.Exception.Message); '$Name' was NOT uploaded (the G-code itself is fine)."
    }
}

function Send-Spool {
    if (-not (Test-Path -LiteralPath $spoolDir)) { return }
    foreach ($spooled in Get-ChildItem -LiteralPath $spoolDir -Filter '*.gcode' | Sort-Object Name) {
        $base = Join-Path $spoolDir $spooled.BaseName
        $read = { param($ext) if (Test-Path -LiteralPath "$base.$ext") { (Get-Content -LiteralPath "$base.$ext" -Raw -Encoding UTF8) } else { '' } }
        $tagList = @((& $read 'tags') -split "`r?`n" | Where-Object { $_ })
        $outcome = Send-File $spooled.FullName ((& $read 'name').Trim()) ((& $read 'model').Trim()) ((& $read 'collection').Trim()) $tagList
        if ($outcome -eq 'retry') { return }
        foreach ($ext in 'gcode', 'name', 'model', 'collection', 'tags') { Remove-Item -LiteralPath "$base.$ext" -ErrorAction SilentlyContinue }
    }
}

try {
    if ($Flush) { Send-Spool; exit 0 }
    $gcode = if ($Rest) { $Rest[-1] } else { $null }
    if (-not $gcode -or -not (Test-Path -LiteralPath $gcode -PathType Leaf)) {
        Say 'no G-code file given (the slicer passes it as the last argument); nothing uploaded.'
        exit 0
    }
    $name = if ($env:SLIC3R_PP_OUTPUT_NAME) { $env:SLIC3R_PP_OUTPUT_NAME } else { $gcode }
    $name = ($name -split '[\\/]')[-1]
    $tagList = @(Get-SlicerTags) + @(if ($Tags) { $Tags -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } })
    $outcome = Send-File $gcode $name $Model $Collection $tagList
    if ($outcome -eq 'ok') { Send-Spool }
    elseif ($outcome -eq 'retry') { Save-ToSpool $gcode $name $Model $Collection $tagList }
}
catch {
    Say "unexpected problem: $($_.Exception.Message); the export is not affected."
}
exit 0
