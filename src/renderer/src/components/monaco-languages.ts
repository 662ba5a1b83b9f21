// Small Monarch grammars for the files a hosting user opens most that Monaco does not know:
// Apache configuration and .htaccess, nginx configuration, and web server logs.
import * as monaco from 'monaco-editor/editor'

const APACHE_DIRECTIVES =
  /\b(RewriteEngine|RewriteBase|RewriteCond|RewriteRule|Redirect|RedirectMatch|RedirectPermanent|Header|SetEnvIf|SetEnv|Require|Order|Allow|Deny|Satisfy|AuthType|AuthName|AuthUserFile|Options|DirectoryIndex|ErrorDocument|ExpiresActive|ExpiresByType|ExpiresDefault|AddType|AddHandler|AddOutputFilterByType|FileETag|php_value|php_flag|MaxMindDBEnable|MaxMindDBFile|MaxMindDBEnv)\b/

export function registerHostingLanguages(): void {
  monaco.languages.register({
    id: 'apache',
    filenames: ['.htaccess', 'apache2.conf', 'httpd.conf'],
  })
  monaco.languages.setMonarchTokensProvider('apache', {
    tokenizer: {
      root: [
        [/^\s*#.*$/, 'comment'],
        [/<\/?[A-Za-z]+[^>]*>/, 'tag'],
        [APACHE_DIRECTIVES, 'keyword'],
        [/%\{[A-Z_:]+\}/, 'variable'],
        [/\$\d|%\d/, 'variable'],
        [/\[[A-Z,=0-9]+\]/, 'type'],
        [/"[^"]*"/, 'string'],
        [/\b\d{3}\b/, 'number'],
      ],
    },
  })
  monaco.languages.register({ id: 'nginx', filenames: ['nginx.conf'] })
  monaco.languages.setMonarchTokensProvider('nginx', {
    tokenizer: {
      root: [
        [/#.*$/, 'comment'],
        [/\$[A-Za-z_][A-Za-z0-9_]*/, 'variable'],
        [/^\s*[a-z_]+(?=\s)/, 'keyword'],
        [/"[^"]*"|'[^']*'/, 'string'],
        [/[{};]/, 'delimiter'],
        [/\b\d+[kKmMsh]?\b/, 'number'],
      ],
    },
  })
  monaco.languages.register({ id: 'weblog' })
  monaco.languages.setMonarchTokensProvider('weblog', {
    tokenizer: {
      root: [
        [/\[[^\]]+\]/, 'type'],
        [/"(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) [^"]*"/, 'string'],
        [/\s[45]\d\d\s/, 'invalid'],
        [/\s[23]\d\d\s/, 'number'],
        [/\b(ERROR|error|crit|alert|emerg|Fatal|FATAL)\b/, 'invalid'],
        [/\b(WARNING|warn|NOTICE|notice)\b/, 'keyword'],
        [/\b\d{1,3}(\.\d{1,3}){3}\b/, 'variable'],
      ],
    },
  })
}
