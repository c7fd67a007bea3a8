/**
 * Where a project's preview runs. Each project gets its own origin so that
 * projects cannot read each other's preview storage; the origin is on the same
 * site as the IDE, because browsers refuse service workers in cross-site frames.
 */

/** Project ids are used as DNS labels: lowercase letters and digits only. */
export const PROJECT_ID_PATTERN = /^[a-z0-9]{4,40}$/;

export interface LocationLike {
  protocol: string;
  hostname: string;
  port: string;
}

/**
 * `template` is the configured preview origin, with `{project}` standing for the
 * project id (e.g. `https://{project}.preview.example.com`). Without one, the
 * preview runs on `p-<project>.<IDE host>`, which is same-site with the IDE.
 */
export function previewOriginFor(projectId: string, location: LocationLike, template?: string): string {
  if (!PROJECT_ID_PATTERN.test(projectId)) throw new Error(`Invalid project id: ${projectId}`);
  if (template) return template.replaceAll('{project}', projectId).replace(/\/+$/, '');
  const port = location.port ? `:${location.port}` : '';
  return `${location.protocol}//p-${projectId}.${location.hostname}${port}`;
}

/** The project id of a preview origin's hostname, if it is one. */
export function projectIdFromPreviewHost(hostname: string): string | undefined {
  const m = /^p-([a-z0-9]{4,40})\./.exec(hostname);
  return m?.[1];
}

/**
 * The IDE origin that a preview page accepts messages from. With a configured
 * `appOrigin` that wins; otherwise the preview host is `p-<id>.<IDE host>`.
 */
export function ideOriginForPreview(location: LocationLike, appOrigin?: string): string | undefined {
  if (appOrigin) return appOrigin.replace(/\/+$/, '');
  const m = /^p-[a-z0-9]{4,40}\.(.+)$/.exec(location.hostname);
  if (!m) return undefined;
  const port = location.port ? `:${location.port}` : '';
  return `${location.protocol}//${m[1]}${port}`;
}
