// Writes an aikey:// reference (`aikey://[hub/]provider[/name]`) for a key the wallet holds, as
// `import --replace` puts it in an env file. Only the writing side lives here; resolving references
// belongs to `aikey run` and `aikey inject`. Hub and name are percent-encoded (a space, a slash), and
// the hub is written in lower case: hubs are looked up by name without regard to case.

export function formatKeyReference(key: { hubName: string; provider: string; name: string }): string {
  const hub = encodeURIComponent(key.hubName.toLowerCase());
  return `aikey://${hub}/${key.provider}/${encodeURIComponent(key.name)}`;
}
