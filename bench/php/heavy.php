<?php
// A request-shaped workload for profiling benchmarks: a router, a container, models
// hydrated in loops, recursive category trees, template rendering with escaping and
// hooks, and some mutual recursion. Scale with the first argument (default 1).

$scale = (int)($argv[1] ?? 1);

final class Container
{
    private array $services = [];
    public function set(string $id, callable $factory): void { $this->services[$id] = $factory; }
    public function get(string $id): object { return ($this->services[$id])($this); }
}

final class Hooks
{
    private array $filters = [];
    public function add(string $name, callable $fn): void { $this->filters[$name][] = $fn; }
    public function apply(string $name, mixed $value): mixed
    {
        foreach ($this->filters[$name] ?? [] as $fn) {
            $value = $fn($value);
        }
        return $value;
    }
}

final class Product
{
    public function __construct(public int $id, public string $name, public float $price, public array $tags) {}
    public static function hydrate(array $row): self
    {
        return new self((int)$row['id'], trim($row['name']), round((float)$row['price'], 2), explode(',', $row['tags']));
    }
    public function slug(): string { return strtolower(preg_replace('/[^a-z0-9]+/i', '-', $this->name)); }
}

function esc_html(string $s): string { return htmlspecialchars($s, ENT_QUOTES, 'UTF-8'); }

function render_product(Product $p, Hooks $hooks): string
{
    $title = $hooks->apply('title', esc_html($p->name));
    $tags = implode(' ', array_map('esc_html', $p->tags));
    return "<li data-id=\"{$p->id}\"><a href=\"/p/{$p->slug()}\">$title</a> {$p->price} $tags</li>";
}

function category_tree(int $depth, int $width): array
{
    if ($depth === 0) {
        return [];
    }
    $children = [];
    for ($i = 0; $i < $width; $i++) {
        $children["c$depth-$i"] = category_tree($depth - 1, $width);
    }
    return $children;
}

function count_nodes(array $tree): int
{
    $n = 1;
    foreach ($tree as $child) {
        $n += count_nodes($child);
    }
    return $n;
}

function is_even_r(int $n): bool { return $n === 0 ? true : is_odd_r($n - 1); }
function is_odd_r(int $n): bool { return $n === 0 ? false : is_even_r($n - 1); }

function fetch_rows(int $n, int $offset): array
{
    $rows = [];
    for ($i = 0; $i < $n; $i++) {
        $id = $offset + $i;
        $rows[] = ['id' => (string)$id, 'name' => " Product $id ", 'price' => (string)($id * 1.07), 'tags' => "a$id,b,c"];
    }
    return $rows;
}

function handle_request(Container $c, int $page): string
{
    $hooks = $c->get('hooks');
    $html = '';
    foreach (fetch_rows(50, $page * 50) as $row) {
        $html .= render_product(Product::hydrate($row), $hooks);
    }
    $tree = category_tree(4, 3);
    $html .= '<!-- ' . count_nodes($tree) . ' -->';
    $html .= is_even_r(20 + $page % 7) ? 'e' : 'o';
    $html .= run_plugins($page);
    return md5($html);
}

// Plugins: many small functions, as a CMS with its modules has thousands.
const PLUGINS = 1500;
for ($i = 0; $i < PLUGINS; $i++) {
    $next = ($i * 7 + 3) % PLUGINS;
    eval("function plugin_hook_$i(string \$s, int \$d): string { return \$d > 0 ? plugin_hook_$next(strrev(\$s), \$d - 1) : md5(\$s); }");
}

function run_plugins(int $page): string
{
    $out = '';
    for ($k = 0; $k < 40; $k++) {
        $fn = 'plugin_hook_' . (($page * 41 + $k * 13) % PLUGINS);
        $out .= $fn("p$page-$k", 2);
    }
    return $out;
}

$c = new Container();
$hooks = new Hooks();
$hooks->add('title', fn (string $t): string => ucfirst($t));
$hooks->add('title', 'trim');
$c->set('hooks', fn (): Hooks => $hooks);

$out = '';
for ($page = 0; $page < 300 * $scale; $page++) {
    $out = md5($out . handle_request($c, $page));
}
echo $out, "\n";
