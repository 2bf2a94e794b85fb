/**
 * The VTL runtime: Velocity as AppSync runs it (Java semantics), `$ctx`/`$util`/
 * `$extensions`, and what request and response templates evaluate to.
 */
import { describe, expect, it } from 'vitest';
import { TemplateError, TemplateRuntimeError } from '../../../../../local/appsync/runtime/types';
import { VtlRuntime } from '../../../../../local/appsync/vtl';
import { FIXED_NOW, resolverContext } from '../../../../conformance/appsync-runtimes/context';

const vtl = new VtlRuntime({ now: () => FIXED_NOW });

/** Renders a response template and returns its value (text when it is not JSON). */
function render(template: string, overrides: Parameters<typeof resolverContext>[0] = {}): unknown {
  return vtl.response(template, resolverContext(overrides), 'Test.field').value;
}

function runtimeError(action: () => unknown): TemplateRuntimeError {
  try {
    action();
  } catch (error) {
    if (error instanceof TemplateRuntimeError) return error;
    throw error;
  }
  throw new Error('expected a TemplateRuntimeError');
}

describe('serialization: what a template evaluates to', () => {
  it('a request template’s text is parsed as JSON', () => {
    // Act
    const evaluation = vtl.request('{ "version": "2018-05-29", "payload": $util.toJson($ctx.args) }', resolverContext({ arguments: { id: 'a' } }), 'Query.get');

    // Assess
    expect(evaluation).toEqual({ value: { version: '2018-05-29', payload: { id: 'a' } }, returned: false, effects: {} });
  });

  it('a request template that renders invalid JSON is a TemplateRuntimeError naming the template and quoting the text', () => {
    // Act
    const error = runtimeError(() => vtl.request('{ "id": $ctx.args.id }', resolverContext({ arguments: { id: 'a' } }), 'Query.get'));

    // Assess
    expect(error.location).toBe('Query.get (request)');
    expect(error.message).toContain('did not render valid JSON');
    expect(error.message).toContain('{ \\"id\\": a }');
  });

  it('a response template that renders plain text yields the text; whitespace only yields null', () => {
    // Act / Assess
    expect(render('Hello $ctx.args.name')).toBe('Hello Ada'.replace('Ada', '$ctx.args.name'));
    expect(render('Hello $ctx.args.name', { arguments: { name: 'Ada' } })).toBe('Hello Ada');
    expect(render('  \n ## just a comment\n')).toBeNull();
  });

  it('a template that does not parse is a TemplateRuntimeError naming it', () => {
    // Act
    const error = runtimeError(() => render('#if( $a '));

    // Assess
    expect(error.location).toBe('Test.field (response)');
    expect(error.message).toContain('does not parse');
  });

  it('parses each distinct template once', () => {
    // Act
    const first = vtl.compile('$util.toJson(1)', 'x');
    const second = vtl.compile('$util.toJson(1)', 'y');

    // Assess
    expect(second).toBe(first);
  });
});

describe('references', () => {
  it('a null reference renders as written; $! and ${} forms', () => {
    expect(render('[$nothing.here, $!nothing, ${nothing}, $!{nothing}]')).toBe('[$nothing.here, , ${nothing}, ]');
  });

  it('a method call returning null renders as written (why templates wrap calls in $util.qr)', () => {
    expect(render('#set($m = {})$m.put("a", 1)|$util.qr($m.put("b", 2))|$m.put("a", 3)')).toBe('$m.put("a", 1)||1');
  });

  it('Java void methods render nothing, List.add renders true', () => {
    expect(render('#set($l = [])$l.add(1) $l.clear()|$l.size()')).toBe('true |0');
  });

  it('maps and lists render as Java prints them; doubles keep their point', () => {
    expect(render('#set($m = {"a": [1, "x", 2.0, true]})$m')).toBe('{a=[1, x, 2.0, true]}');
  });

  it('$ctx and $context are the same map; args aliases arguments; $utils aliases $util', () => {
    expect(render('$util.toJson([$ctx.args.id, $context.arguments.id, $utils.isNull($ctx.source)])', { arguments: { id: 'i1' } })).toEqual(['i1', 'i1', true]);
  });

  it('index notation on lists (negative counts from the end) and maps', () => {
    expect(render('#set($l = ["a", "b", "c"])#set($m = {"k": "v"})$l[0]$l[-1]$m["k"]$l[9]')).toBe('acv$l[9]');
  });

  it('property lookups fall back to Java getters ($list.empty, $entry.key, $x.class.name)', () => {
    expect(render('#set($l = [])#set($m = {"a": 1})#foreach($e in $m.entrySet())$e.key=$e.value#end $l.empty $l.class.name $l.class.simpleName', { arguments: {} })).toBe('a=1 true java.util.ArrayList ArrayList');
  });

  it('on a map, a property is always a key lookup (as Velocity reads a Map)', () => {
    expect(render('$ctx.args.class $ctx.args.empty', { arguments: { empty: 'key' } })).toBe('$ctx.args.class key');
  });
});

describe('#set', () => {
  it('a null value leaves the variable as it was (Velocity 1.7)', () => {
    expect(render('#set($a = "kept")#set($a = $nothing)$a')).toBe('kept');
  });

  it('sets map entries through paths and list items through indexes', () => {
    expect(render('#set($m = {"inner": {}})#set($m.inner.x = 1)#set($l = [0, 0])#set($l[1] = 5)$util.toJson([$m, $l])')).toEqual([{ inner: { x: 1 } }, [0, 5]]);
  });

  it('writes through to the context: #set($ctx.args.filter = …) and $ctx.stash.put', () => {
    // Prepare
    const context = resolverContext({ arguments: {} });

    // Act
    vtl.response('#set($ctx.args.filter = {"a": {"eq": 1}})$util.qr($ctx.stash.put("seen", true))', context, 'Test.field');

    // Assess
    expect(context.arguments).toEqual({ filter: { a: { eq: 1 } } });
    expect(context.stash).toEqual({ seen: true });
  });
});

describe('#if truthiness and comparisons', () => {
  it('only null and false are false', () => {
    expect(render('#foreach($v in [0, "", [], {}, false])#if($v)T#{else}F#end#end#if($nothing)T#{else}F#end')).toBe('TTTTFF');
  });

  it('== compares numbers by value, same kinds by equals, other kinds by their strings', () => {
    expect(render('#set($a = 1 == 1.0)#set($b = "1" == 1)#set($l1 = [1, 2])#set($l2 = [1, 2])#set($c = $l1 == $l2)#set($m1 = {"a": 1})#set($m2 = {"a": 1})#set($d = $m1 == $m2)#set($e = $nothing == $none)#set($f = "a" == $nothing)#set($g = "a" != "b")$a $b $c $d $e $f $g')).toBe('true true true true true false true');
  });

  it('relational operators compare numbers; elseif chains', () => {
    expect(render('#set($n = 5)#if($n < 3)small#elseif($n <= 5)medium#{else}large#end')).toBe('medium');
  });

  it('&&, || and ! work on truthiness', () => {
    expect(render('#set($a = !$nothing)#set($b = $nothing || "x")#set($c = true && $nothing)$a $b $c')).toBe('true true false');
  });
});

describe('arithmetic', () => {
  it('integers divide as integers, doubles as doubles', () => {
    expect(render('#set($a = 5 / 2)#set($b = 5.0 / 2)#set($c = 7 % 3)#set($d = 2.0 * 2)$a $b $c $d')).toBe('2 2.5 1 4.0');
  });

  it('+ concatenates when a side is a string', () => {
    expect(render('#set($s = "n" + 1)$s')).toBe('n1');
  });

  it('division by zero and arithmetic on non-numbers are null (the #set keeps the old value)', () => {
    expect(render('#set($x = 1)#set($x = 1 / 0)#set($x = "a" - 1)$x')).toBe(1);
  });

  it('$util.toJson writes doubles the Java way', () => {
    expect(vtl.request('$util.toJson({"a": 2.0, "b": 0.5, "c": 3})', resolverContext(), 'x').value).toEqual({ a: 2, b: 0.5, c: 3 });
    expect(render('#set($big = 1000000.0 * 10000000)text $util.toJson({"a": 2.0, "b": $big, "c": 0.0001})')).toBe('text {"a":2.0,"b":1.0E13,"c":1.0E-4}');
  });
});

describe('#foreach', () => {
  it('$velocityCount, $foreach.hasNext/count/index/first/last', () => {
    expect(render('#foreach($i in ["a", "b", "c"])$velocityCount:$i:$foreach.index:$foreach.first:$foreach.last#if($foreach.hasNext),#end#end')).toBe('1:a:0:true:false,2:b:1:false:false,3:c:2:false:true');
  });

  it('#break leaves the innermost loop; the loop variable is restored after the loop', () => {
    expect(render('#set($i = "before")#foreach($i in [1, 2, 3])#foreach($j in [1, 2])$i$j #break#end#end$i')).toBe('11 21 31 before');
  });

  it('iterates a map’s values and a range; skips null', () => {
    expect(render('#set($m = {"a": 1, "b": 2})#foreach($v in $m)$v#end|#foreach($n in [1..3])$n#end|#foreach($x in $nothing)never#end')).toBe('12|123|');
  });

  it('stops after 1000 iterations, as AppSync does', () => {
    expect(render('#set($c = 0)#foreach($n in [1..1500])#set($c = $c + 1)#end$c')).toBe(1000);
  });
});

describe('#return', () => {
  it('#return(value) ends the template with the value itself (not its rendered text)', () => {
    // Act
    const evaluation = vtl.request('#if(true)#return($util.toJson({}))#end{ "never": true }', resolverContext(), 'fn');

    // Assess
    expect(evaluation).toEqual({ value: '{}', returned: true, effects: {} });
  });

  it('#return alone returns null', () => {
    expect(vtl.request('#return', resolverContext(), 'fn')).toEqual({ value: null, returned: true, effects: {} });
  });

  it('#return of a map returns the map', () => {
    expect(vtl.response('#return({"a": [1]})', resolverContext(), 'fn').value).toEqual({ a: [1] });
  });
});

describe('Java methods', () => {
  it('String', () => {
    expect(render('#set($s = " a-b--c ")#set($x = "x")#set($abc = "abc")#set($csv = "a,b,,")$util.toJson([$s.trim().split("-"), $s.length(), $s.contains("b"), $s.trim().replaceAll("-+", "_"), $s.trim().replace("-", "+"), $s.indexOf("b"), $s.trim().substring(2), $s.toUpperCase().trim(), $s.trim().matches("a.*c"), $x.equalsIgnoreCase("X"), $abc.charAt(1), $csv.split(",")])')).toEqual([
      ['a', 'b', '', 'c'], 8, true, 'a_b_c', 'a+b++c', 3, 'b--c', 'A-B--C', true, true, 'b', ['a', 'b'],
    ]);
  });

  it('a Java exception (substring out of range) is a TemplateRuntimeError with its line', () => {
    // Act
    const error = runtimeError(() => render('ok\n$ctx.args.s.substring(10)', { arguments: { s: 'short' } }));

    // Assess
    expect(error.location).toBe('Test.field (response), line 2, column 1');
    expect(error.message).toContain('substring');
  });

  it('List', () => {
    expect(render('#set($l = [3, 1, 2])$util.qr($l.remove(0))$util.qr($l.add(0, 9))$util.qr($l.set(1, 7))$util.toJson([$l, $l.contains(7), $l.indexOf(2), $l.subList(0, 2), $l.isEmpty(), $l.get(2)])')).toEqual([[9, 7, 2], true, 2, [9, 7], false, 2]);
  });

  it('Map', () => {
    expect(render('#set($m = {"a": 1, "b": 2})$util.qr($m.remove("a"))$util.qr($m.putAll({"c": 3}))$util.toJson([$m.keySet(), $m.values(), $m.containsKey("b"), $m.size(), $m.get("zz"), $m.getOrDefault("zz", 0)])')).toEqual([['b', 'c'], [2, 3], true, 2, null, 0]);
  });

  it('a method the value does not have renders as written; a Java method the local cloud lacks fails loudly', () => {
    expect(render('#set($l = [])$l.put(1)')).toBe('$l.put(1)');
    expect(runtimeError(() => render('#set($l = [])$l.stream()')).message).toContain('List.stream() is not implemented by the local cloud');
  });

  it('Number and Boolean', () => {
    expect(render('#set($d = 2.7)#set($t = true)$d.intValue() $d.doubleValue() $t.toString() $d.compareTo(3)')).toBe('2 2.7 true -1');
  });
});

describe('$util inside templates', () => {
  it('$util.qr and $util.quiet silence their argument', () => {
    expect(render('#set($m = {})$util.qr($m.put("a", 1))$util.quiet($m.put("b", 2))$util.toJson($m)')).toEqual({ a: 1, b: 2 });
  });

  it('$util.error throws TemplateError with type, data and errorInfo', () => {
    // Act
    let thrown: unknown;
    try {
      render('$util.error("Nope", "Custom", {"a": 1}, {"b": 2})');
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(TemplateError);
    expect((thrown as TemplateError).error).toEqual({ message: 'Nope', errorType: 'Custom', data: { a: 1 }, errorInfo: { b: 2 } });
  });

  it('$util.appendError records the error and evaluation goes on', () => {
    // Prepare
    const context = resolverContext();

    // Act
    const evaluation = vtl.response('$util.appendError("Careful", "Warning")$util.toJson("done")', context, 'x');

    // Assess
    expect(evaluation.value).toBe('done');
    expect(context.outErrors).toEqual([{ message: 'Careful', errorType: 'Warning' }]);
  });

  it('$util.unauthorized denies the field being resolved', () => {
    expect(() => render('$util.unauthorized()')).toThrow(new TemplateError({ message: 'Not Authorized to access getThing on type Query', errorType: 'Unauthorized' }));
  });

  it('$util.authType names the request’s auth type', () => {
    expect(render('$util.authType()', { authType: 'API Key Authorization', identity: null })).toBe('API Key Authorization');
  });

  it('an unknown $util method is a TemplateRuntimeError naming it, never a silent null', () => {
    // Act
    const error = runtimeError(() => render('\n  $util.dynamodb.toNothing("x")'));

    // Assess
    expect(error.message).toContain('$util.dynamodb.toNothing() is not a utility AppSync provides');
    expect(error.location).toBe('Test.field (response), line 2, column 3');
  });

  it('$util.transform.toElasticsearchQueryDSL fails loudly naming itself', () => {
    expect(runtimeError(() => render('$util.transform.toElasticsearchQueryDSL({})')).message).toContain('$util.transform.toElasticsearchQueryDSL cannot run locally');
  });

  it('$util.time uses the clock', () => {
    expect(render('$util.time.nowISO8601() $util.time.nowEpochSeconds() $util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "+08:00")')).toBe('2018-02-06T19:01:35.749Z 1517943695 2018-02-07 03:01:35+0800');
  });
});

describe('$extensions', () => {
  it('setSubscriptionFilter records the filter as an effect and renders nothing', () => {
    // Act
    const evaluation = vtl.response('$extensions.setSubscriptionFilter($util.transform.toSubscriptionFilter({"serviceId": {"eq": "s1"}}))\n$util.toJson(null)', resolverContext(), 'Subscription.on');

    // Assess
    expect(evaluation).toEqual({
      value: null,
      returned: false,
      effects: { subscriptionFilters: [{ filterGroup: [{ filters: [{ fieldName: 'serviceId', operator: 'eq', value: 's1' }] }] }] },
    });
  });

  it('invalidateSubscriptions and setSubscriptionInvalidationFilter record their effects; evictFromApiCache is a no-op locally (no cache)', () => {
    // Act
    const evaluation = vtl.response(
      '$extensions.invalidateSubscriptions({"subscriptionField": "onX", "payload": {"id": "1"}})$extensions.setSubscriptionInvalidationFilter({"filterGroup": []})$extensions.evictFromApiCache("Query", "get", {"context.arguments.id": "1"})null',
      resolverContext(),
      'Mutation.x',
    );

    // Assess
    expect(evaluation.effects).toEqual({ invalidations: [{ subscriptionField: 'onX', payload: { id: '1' } }], invalidationFilters: [{ filterGroup: [] }] });
  });

  it('a filter that is not a filter object is a TemplateRuntimeError', () => {
    expect(runtimeError(() => render('$extensions.setSubscriptionFilter({"serviceId": "s1"})')).message).toContain('filterGroup');
  });
});

describe('directives AppSync does not run', () => {
  it('#include, #parse, #evaluate and #macro fail loudly; unknown #words are text', () => {
    expect(runtimeError(() => render('#include("x")')).message).toContain('#include is not supported');
    expect(runtimeError(() => render('#macro(m)x#end')).message).toContain('#macro is not supported');
    expect(render('"#status = :status" #notADirective')).toBe('"#status = :status" #notADirective');
  });
});
