// The editor features a viewer and editor of server files needs, registered one by one (monaco-editor
// 0.5x registers none by default from `monaco-editor/editor`): find (Ctrl+F) and go to line in
// long logs and configs; folding; the unicode highlighter, which marks invisible and look-alike
// characters (a non-breaking space or zero-width space breaks a line of PHP; it computes in the
// editor worker); matching brackets and words; the clipboard, comment and multi-cursor
// commands and the context menu for editing; hover, which explains the highlighted characters.
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/gotoLine/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/unicodeHighlighter/register'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/comment/register'
import 'monaco-editor/features/multicursor/register'
import 'monaco-editor/features/linesOperations/register'
import 'monaco-editor/features/contextmenu/register'
import 'monaco-editor/features/hover/register'
