// Paths as the jail shows them. PHP-FPM runs outside the chroot: its slow log and Xdebug's
// profiles write `/srv/jails/site/var/www/site/x.php` for the jail's `/var/www/site/x.php`.

/** A path written outside the jail, mapped into it through the site's root; others unchanged. */
export function jailPath(file: string, cmsRoot: string): string {
  if (file.startsWith(cmsRoot + '/')) return file
  const at = file.indexOf(cmsRoot + '/')
  return at > 0 ? file.slice(at) : file
}
