<?php
declare(strict_types=1);

/*
 * A jobwire worker in one file: plain PHP 8 + Debian's php-zmq (apt-get install php-cli php-zmq).
 *
 * It serves the conformance topics `upper`, `count` and `fail` (docs/worker-protocol.md) and
 * speaks the worker side of the jobwire wire contract (docs/protocol.md, sections 2 and 3):
 *
 *   worker DEALER --ready/heartbeat/done/fail/bye--> broker ROUTER   (--broker, one DEALER each)
 *   worker PUSH   --progress/result-->               front end PULL  (job.reply_to)
 *
 * Several brokers (--broker a,b): one DEALER per broker, because a DEALER deals messages
 * round-robin and every broker must hear every ready/heartbeat. ready, heartbeat (listing ALL our
 * jobs, whichever broker sent them), done and bye go to every broker; fail goes to one.
 * `capacity` is our total across brokers.
 *
 * PHP has one thread here, and it owns every socket. Jobs are generators run by the same event
 * loop: a handler `yield`s a number of milliseconds to sleep (its cancel point) and calls
 * $job->progress(...) to push. A handler that blocks (a long query, say) stops heartbeats while it
 * blocks: keep those short, or run one worker process per job slot (--capacity 1).
 *
 * Run:  php workers/php/jobwire_worker.php --broker tcp://127.0.0.1:5556
 */

const HEARTBEAT_MS = 500;        // the contract asks for at least one a second
const BROKER_SILENCE_MS = 3000;  // hearing nothing this long means: reconnect, re-send ready
const BROKER_ALIVE_MS = 1500;    // a broker beats every second: heard within this = alive
const TICK_MS = 100;             // the longest the loop sleeps: deadlines, silence, shutdown
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;  // ZMQ_MAXMSGSIZE, as on the Java side
const MAX_JSON_DEPTH = 1000;     // deeper jobs are failed bad_request, as in every worker

/** The job's params are wrong; running it again would not help (fail, retry:false). */
final class BadParams extends Exception {}

/** Fail the job with this code; `retry` says whether the broker may run it again. */
final class JobFailed extends Exception
{
    public function __construct(public readonly string $errorCode, string $message, public readonly bool $retry)
    {
        parent::__construct($message);
    }
}

function now_ms(): int
{
    return intdiv(hrtime(true), 1_000_000);
}

function log_line(string $level, string $line): void
{
    fwrite(STDERR, gmdate('Y-m-d\TH:i:s\Z') . " $level $line\n");
}

function to_json(array|stdClass $message): string
{
    return json_encode($message, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
}

// --- Handlers: generators of (params, job); `yield MS` sleeps, the return value is the result. --

function topic_upper(stdClass $params, Job $job): Generator
{
    $text = $params->text ?? '';
    if (!is_string($text)) {
        throw new BadParams("'text' must be a string");
    }
    return ['text' => strtoupper($text)];
    yield; // a generator that never sleeps
}

function topic_count(stdClass $params, Job $job): Generator
{
    $n = $params->n ?? 3;
    $intervalMs = $params->interval_ms ?? 200;
    if (!is_int($n) || $n < 0) {
        throw new BadParams("'n' must be an integer >= 0");
    }
    if (!(is_int($intervalMs) || is_float($intervalMs)) || $intervalMs < 0 || $intervalMs > 3_600_000) {
        throw new BadParams("'interval_ms' must be a number from 0 to 3600000");
    }
    for ($i = 1; $i <= $n; $i++) {
        yield $intervalMs;            // the cancel point: a cancelled job is never resumed
        $job->progress(['i' => $i]);
    }
    return ['n' => $n];
}

function topic_fail(stdClass $params, Job $job): Generator
{
    $retry = $params->retry ?? true;
    $succeedOn = $params->succeed_on ?? null;
    if (!is_bool($retry) || !($succeedOn === null || is_int($succeedOn))) {
        throw new BadParams("'retry' must be a boolean and 'succeed_on' an integer");
    }
    if ($succeedOn !== null && $job->attempt >= $succeedOn) {
        return ['attempt' => $job->attempt];
    }
    throw new JobFailed('requested', "failed on request (attempt {$job->attempt})", $retry);
    yield;
}

const HANDLERS = ['count' => 'topic_count', 'fail' => 'topic_fail', 'upper' => 'topic_upper'];

// --- Decoding what the broker sends, whatever it is. ----------------------------------------

/** Calls $visit(index, opening, depth) for every bracket of $text outside strings; no recursion. */
function each_bracket(string $text, callable $visit): void
{
    $n = strlen($text);
    $next = fn(int $from, string $chars) => $from >= $n ? $n : $from + strcspn($text, $chars, $from);
    $depth = 0;
    for ($i = $next(0, '"[]{}'); $i < $n; $i = $next($i + 1, '"[]{}')) {
        $c = $text[$i];
        if ($c === '"') {              // a string: on to its closing quote, over escapes
            for ($i = $next($i + 1, "\"\\"); $i < $n && $text[$i] === '\\'; $i = $next($i + 2, "\"\\")) {
            }
        } elseif ($c === '[' || $c === '{') {
            $visit($i, true, ++$depth);
        } else {
            $visit($i, false, $depth--);
        }
    }
}

function json_depth(string $text): int
{
    $deepest = 0;
    each_bracket($text, function (int $i, bool $opening, int $depth) use (&$deepest) {
        $deepest = max($deepest, $depth);
    });
    return $deepest;
}

/** $text with every array or object nested deeper than $keep levels replaced by null. */
function shallow(string $text, int $keep): string
{
    $out = '';
    $start = 0;
    each_bracket($text, function (int $i, bool $opening, int $depth) use ($text, $keep, &$out, &$start) {
        if ($depth !== $keep + 1) {
            return;
        }
        if ($opening) {
            $out .= substr($text, $start, $i - $start);
        } else {
            $out .= 'null';
            $start = $i + 1;
        }
    });
    return $out . substr($text, $start);
}

/**
 * [message, why its job cannot run (null when it can)]. A job too deep to decode still tells its
 * id, so it is failed instead of ignored. Throws JsonException when not even that can be read.
 */
function decode(string $raw): array
{
    $why = null;
    if (json_depth($raw) > MAX_JSON_DEPTH) {
        $raw = shallow($raw, 2);
        $why = 'the job is nested deeper than ' . MAX_JSON_DEPTH . ' levels';
    }
    $message = json_decode($raw, false, MAX_JSON_DEPTH + 1, JSON_THROW_ON_ERROR);
    if (!$message instanceof stdClass || !is_string($message->type ?? null)) {
        throw new JsonException('not a JSON object with a type');
    }
    return [$message, $why];
}

// --- One running job. -------------------------------------------------------------------------

final class Job
{
    public readonly string $id;
    public readonly string $topic;
    public readonly mixed $params;
    public readonly ?string $replyTo;
    public readonly ?stdClass $route;
    public readonly ?int $deadline;   // epoch ms or null
    public readonly int $attempt;
    public ?BrokerLink $link = null;   // the broker that sent it
    public int $seq = 0;
    public ?Generator $run = null;
    public int $wakeAt = 0;            // now_ms() at which to resume the generator

    public function __construct(stdClass $spec, private readonly Worker $worker)
    {
        if (!is_string($spec->id ?? null) || !is_string($spec->topic ?? null)) {
            throw new JsonException("job needs string 'id' and 'topic'");
        }
        $this->id = $spec->id;
        $this->topic = $spec->topic;
        $this->params = $spec->params ?? new stdClass();
        $this->replyTo = is_string($spec->reply_to ?? null) ? $spec->reply_to : null;
        $this->route = ($spec->route ?? null) instanceof stdClass ? $spec->route : null;
        $this->deadline = is_int($spec->deadline ?? null) ? $spec->deadline : null;
        $this->attempt = is_int($spec->attempt ?? null) ? $spec->attempt : 1;
    }

    public function progress(mixed $data): void
    {
        $this->worker->push($this, 'progress', $data);
    }
}

// --- ZeroMQ CURVE keys (docs/security.md), from `jobwire keys generate` files. -----------------

/** [public, secret|null] Z85 keys of a zcert file (NAME.key or NAME.key_secret). */
function read_key_file(string $file): array
{
    $text = @file_get_contents($file);
    if ($text === false) {
        throw new InvalidArgumentException("cannot read key file $file");
    }
    $key = fn(string $name) => preg_match('/^\s*' . $name . '\s*=\s*"(.{40})"/m', $text, $m) ? $m[1] : null;
    if ($key('public-key') === null) {
        throw new InvalidArgumentException("$file holds no 40-character public-key");
    }
    return [$key('public-key'), $key('secret-key')];
}

final class Curve
{
    public ?string $public = null;
    public ?string $secret = null;
    public ?string $broker = null;     // the server keys we dial; null = that server runs plain
    public ?string $frontend = null;

    public function __construct(?string $secretFile, ?string $brokerKeyFile, ?string $frontendKeyFile)
    {
        if (!$secretFile && ($brokerKeyFile || $frontendKeyFile)) {
            throw new InvalidArgumentException("--broker-key/--frontend-key need --curve-secret (this worker's .key_secret)");
        }
        if ($secretFile && !$brokerKeyFile && !$frontendKeyFile) {
            throw new InvalidArgumentException('--curve-secret needs --broker-key or --frontend-key');
        }
        if (!$secretFile) {
            return;
        }
        [$this->public, $this->secret] = read_key_file($secretFile);
        if ($this->secret === null) {
            throw new InvalidArgumentException("$secretFile holds no secret-key: pass the .key_secret file");
        }
        $this->broker = $brokerKeyFile ? read_key_file($brokerKeyFile)[0] : null;
        $this->frontend = $frontendKeyFile ? read_key_file($frontendKeyFile)[0] : null;
    }

    /** Makes $socket a CURVE client of $serverKey (nothing when that server runs plain). */
    public function client(ZMQSocket $socket, ?string $serverKey): void
    {
        if ($serverKey !== null) {
            $socket->setSockOpt(ZMQ::SOCKOPT_CURVE_SERVERKEY, $serverKey);
            $socket->setSockOpt(ZMQ::SOCKOPT_CURVE_PUBLICKEY, $this->public);
            $socket->setSockOpt(ZMQ::SOCKOPT_CURVE_SECRETKEY, $this->secret);
        }
    }
}

/** Why a peer takes nothing from us: with CURVE, most likely it refused our key. */
function unreachable(string $server, string $flag, bool $curve): string
{
    $why = "the $server takes nothing from us (not reachable yet, or its queue is full)";
    return !$curve ? $why : "$why; with CURVE this almost always means the $server refused our key: check that "
        . "this worker's public .key is in the $server's clients directory (--curve-clients) and that $flag "
        . "is the $server's public key; the $server logs the refusal";
}

// --- The connection to one broker. ---------------------------------------------------------------

/**
 * The DEALER to one broker, and when we last heard from it. No identity is set: after a reconnect
 * the broker sees a new ROUTER identity and learns us again from the `ready` we re-send.
 */
final class BrokerLink
{
    public ?ZMQSocket $dealer = null;
    public int $lastHeard = 0;
    private bool $silent = false;      // log an outage once, not at every reconnect
    private bool $refused = false;     // a send failed: say why once, not at every heartbeat

    public function __construct(public readonly string $endpoint, private readonly Worker $worker)
    {
    }

    /** (Re)creates the DEALER, connects it and sends `ready`. */
    public function connect(ZMQPoll $poll): void
    {
        if ($this->dealer !== null) {
            $poll->remove($this->dealer);
            $this->dealer->setSockOpt(ZMQ::SOCKOPT_LINGER, 0);
            $this->dealer = null;      // php-zmq closes a socket when nothing refers to it
        }
        $dealer = new ZMQSocket($this->worker->context, ZMQ::SOCKET_DEALER);
        $dealer->setSockOpt(ZMQ::SOCKOPT_LINGER, 1000);     // give `bye` a second to leave at exit
        $dealer->setSockOpt(ZMQ::SOCKOPT_MAXMSGSIZE, $this->worker->maxMessageBytes);
        $dealer->setSockOpt(ZMQ::SOCKOPT_HANDSHAKE_IVL, 3000);
        $this->worker->curve->client($dealer, $this->worker->curve->broker);
        $dealer->connect($this->endpoint);
        $poll->add($dealer, ZMQ::POLL_IN);
        $this->dealer = $dealer;
        $this->lastHeard = now_ms();
        $this->send($this->worker->readyMessage());
    }

    public function send(array $message): void
    {
        if ($this->dealer->send(to_json($message), ZMQ::MODE_DONTWAIT) !== false || $this->refused) {
            return;
        }
        $this->refused = true;         // said once per outage; hearing the broker resets it
        log_line('WARN', "worker={$this->worker->id} broker={$this->endpoint}: dropped {$message['type']} and will "
            . 'drop more until it answers: ' . unreachable('broker', '--broker-key', $this->worker->curve->broker !== null));
    }

    /** @return list<string> every message waiting; hearing anything proves the broker alive */
    public function receive(): array
    {
        $frames = [];
        while (($message = $this->dealer->recvMulti(ZMQ::MODE_DONTWAIT)) !== false) {
            $this->lastHeard = now_ms();
            $this->refused = false;
            if ($this->silent) {
                $this->silent = false;
                log_line('INFO', "worker={$this->worker->id} hears broker={$this->endpoint} again");
            }
            $frames[] = count($message) === 1 ? $message[0] : null;   // the contract: one frame
        }
        return $frames;
    }

    public function reconnectIfSilent(ZMQPoll $poll, int $now): void
    {
        if ($now - $this->lastHeard <= BROKER_SILENCE_MS) {
            return;
        }
        if (!$this->silent) {
            $this->silent = true;
            log_line('WARN', "worker={$this->worker->id} heard nothing from broker={$this->endpoint} for "
                . BROKER_SILENCE_MS . ' ms, reconnecting until it answers');
        }
        $this->connect($poll);
    }
}

// --- The worker: the event loop and its sockets. ---------------------------------------------------

final class Worker
{
    public readonly ZMQContext $context;
    /** @var list<BrokerLink> */
    private array $links = [];
    /** @var array<string, Job> job id => job */
    private array $running = [];
    /** @var array<string, ZMQSocket> reply_to => PUSH, kept open */
    private array $pushers = [];
    private ?int $stopAt = null;       // now_ms() at which the shutdown grace period ends

    /** @param list<string> $brokers @param list<string> $topics */
    public function __construct(
        array $brokers,
        public readonly string $id,
        private readonly int $capacity,
        private readonly float $grace,
        public readonly Curve $curve,
        private readonly array $topics,
        public readonly int $maxMessageBytes,
    ) {
        $this->context = new ZMQContext(1);
        foreach ($brokers as $endpoint) {
            $this->links[] = new BrokerLink($endpoint, $this);
        }
    }

    public function readyMessage(): array
    {
        return ['type' => 'ready', 'worker' => $this->id, 'topics' => $this->topics, 'capacity' => $this->capacity];
    }

    /**
     * SIGTERM or SIGINT: take no new jobs, let the running ones finish within the grace. The
     * signals are blocked (see main) and picked up here once per turn of the loop: php-zmq's poll
     * swallows a signal that interrupts it, so a handler would never run.
     */
    private function checkSignals(): void
    {
        $signal = pcntl_sigtimedwait([SIGTERM, SIGINT], $info, 0, 0);
        if ($signal <= 0 || $this->stopAt !== null) {
            return;
        }
        log_line('INFO', "worker={$this->id} got signal $signal: taking no new jobs, draining "
            . count($this->running) . " running (grace {$this->grace} s)");
        $this->stopAt = now_ms() + (int) ($this->grace * 1000);
    }

    public function run(): void
    {
        $poll = new ZMQPoll();
        foreach ($this->links as $link) {
            $link->connect($poll);
        }
        log_line('INFO', "worker={$this->id} ready brokers=" . implode(',', array_map(fn($l) => $l->endpoint, $this->links))
            . ' topics=' . implode(',', $this->topics) . " capacity={$this->capacity}");
        $nextHeartbeat = now_ms();
        $saidDraining = false;
        while (true) {
            $wait = max(0, min(TICK_MS, $nextHeartbeat - now_ms(), $this->nextWake() - now_ms()));
            $readable = $writable = [];
            $poll->poll($readable, $writable, $wait);
            $this->checkSignals();
            foreach ($this->links as $link) {
                foreach ($link->receive() as $raw) {
                    $this->onBroker($link, $raw);
                }
            }
            $this->resumeDueJobs();
            $this->checkDeadlines();
            $now = now_ms();
            $draining = $this->stopAt !== null;
            if ($now >= $nextHeartbeat || $draining !== $saidDraining) {
                // Every broker hears every job we run: each counts them against our capacity.
                // `draining` is said at once: the broker stops handing us jobs we would hand back.
                $beat = ['type' => 'heartbeat', 'worker' => $this->id, 'running' => array_map('strval', array_keys($this->running))];
                $this->toAll($draining ? $beat + ['draining' => true] : $beat);
                $saidDraining = $draining;
                $nextHeartbeat = $now + HEARTBEAT_MS;
            }
            foreach ($this->links as $link) {   // each broker on its own: the others keep working
                $link->reconnectIfSilent($poll, $now);
            }
            if ($this->stopAt !== null && (!$this->running || $now >= $this->stopAt)) {
                break;
            }
        }
        foreach ($this->running as $job) {
            // `shutdown`: the broker hands it back without spending an attempt
            $this->fail($job, 'shutdown', 'worker stopped before the job finished', true);
        }
        $this->toAll(['type' => 'bye', 'worker' => $this->id]);
        log_line('INFO', "worker={$this->id} bye");
        // Sockets close (honouring their linger) when the worker is released at exit.
    }

    private function onBroker(BrokerLink $link, ?string $raw): void
    {
        try {
            if ($raw === null) {
                throw new JsonException('a message must be a single frame');
            }
            [$message, $undecodable] = decode($raw);
            $job = $message->type === 'job' ? new Job($message->job ?? new stdClass(), $this) : null;
        } catch (JsonException | TypeError $e) {
            log_line('WARN', "worker={$this->id} ignored malformed message from broker={$link->endpoint} ("
                . $e->getMessage() . '): ' . substr((string) $raw, 0, 200));
            return;
        }
        if ($job !== null) {
            $job->link = $link;
            if ($undecodable !== null) {   // we know which job it is, not what it asks: say so
                $this->fail($job, 'bad_request', $undecodable, false);
            } else {
                $this->start($job);
            }
        } elseif ($message->type === 'cancel' && is_string($message->job ?? null) && isset($this->running[$message->job])) {
            $cancelled = $this->running[$message->job];
            unset($this->running[$message->job]);   // never resumed again: nothing more is sent for it
            log_line('INFO', "job={$cancelled->id} topic={$cancelled->topic} cancelled by broker");
        }
        // `heartbeat` (and anything unknown) only proves the broker is alive.
    }

    private function start(Job $job): void
    {
        $tag = "job={$job->id} topic={$job->topic}";
        if (isset($this->running[$job->id])) {      // e.g. a second broker re-assigned it: keep the first run
            log_line('INFO', "$tag already running, ignoring duplicate");
            return;
        }
        log_line('INFO', "$tag received");
        if ($this->stopAt !== null) {
            $this->fail($job, 'shutdown', 'worker is shutting down', true);
        } elseif (!in_array($job->topic, $this->topics, true)) {
            $this->fail($job, 'unknown_topic', "this worker does not serve '{$job->topic}'", true);
        } elseif ($job->deadline !== null && (int) (microtime(true) * 1000) > $job->deadline) {
            $this->fail($job, 'timeout', "deadline {$job->deadline} passed before the job started", false);
        } elseif (count($this->running) >= $this->capacity) {
            // Capacity is our total: two brokers may fill the same free slot at once. `busy` hands
            // it straight back; the broker requeues it without spending an attempt.
            $this->fail($job, 'busy', "worker {$this->id} is running its capacity", true);
        } elseif (!$job->params instanceof stdClass) {
            $this->fail($job, 'bad_request', "'params' must be an object", false);
        } else {
            $this->running[$job->id] = $job;
            $job->run = (HANDLERS[$job->topic])($job->params, $job);
            $job->wakeAt = 0;
            $this->step($job, true);
        }
    }

    /** Runs the job's generator up to its next sleep, or to its end. */
    private function step(Job $job, bool $first): void
    {
        try {
            $first ? $job->run->current() : $job->run->next();
            if (!$this->isRunning($job)) {
                return;                 // failed while it ran (an unusable reply_to)
            }
            if ($job->run->valid()) {
                $job->wakeAt = now_ms() + (int) ceil((float) ($job->run->current() ?? 0));
                return;
            }
            $this->push($job, 'result', $job->run->getReturn());
            if (!$this->isRunning($job)) {
                return;
            }
            unset($this->running[$job->id]);
            // To every broker: any one can ack it (a second ack is a no-op) and each frees the slot.
            $this->toAll(['type' => 'done', 'job' => $job->id]);
            log_line('INFO', "job={$job->id} topic={$job->topic} done seq={$job->seq}");
        } catch (BadParams $e) {
            $this->fail($job, 'bad_request', $e->getMessage(), false);
        } catch (JobFailed $e) {
            $this->fail($job, $e->errorCode, $e->getMessage(), $e->retry);
        } catch (Throwable $e) {       // a bug or a transient problem: let the broker retry
            log_line('ERROR', "job={$job->id} topic={$job->topic} handler threw: $e");
            $this->fail($job, 'internal', get_class($e) . ': ' . $e->getMessage(), true);
        }
    }

    private function nextWake(): int
    {
        $next = PHP_INT_MAX;
        foreach ($this->running as $job) {
            $next = min($next, $job->wakeAt);
        }
        return $next;
    }

    private function resumeDueJobs(): void
    {
        $now = now_ms();
        foreach ($this->running as $job) {
            if ($job->wakeAt <= $now && $this->isRunning($job)) {
                $this->step($job, false);
            }
        }
    }

    private function checkDeadlines(): void
    {
        $nowMs = (int) (microtime(true) * 1000);
        foreach ($this->running as $job) {
            if ($job->deadline !== null && $nowMs > $job->deadline) {
                $this->fail($job, 'timeout', "deadline {$job->deadline} passed", false);
            }
        }
    }

    private function isRunning(Job $job): bool
    {
        return ($this->running[$job->id] ?? null) === $job;
    }

    public function push(Job $job, string $type, mixed $data): void
    {
        if (!$this->isRunning($job) || $job->replyTo === null) {
            return;
        }
        $socket = $this->pushers[$job->replyTo] ?? null;
        if ($socket === null) {
            $socket = new ZMQSocket($this->context, ZMQ::SOCKET_PUSH);
            $socket->setSockOpt(ZMQ::SOCKOPT_LINGER, 2000);
            $this->curve->client($socket, $this->curve->frontend);
            try {
                $socket->connect($job->replyTo);
            } catch (ZMQSocketException $e) {
                $this->fail($job, 'internal', "reply_to '{$job->replyTo}' is unusable: {$e->getMessage()}", false);
                return;
            }
            $this->pushers[$job->replyTo] = $socket;
        }
        $seq = ++$job->seq;
        $message = ['type' => $type, 'job' => $job->id, 'route' => $job->route, 'seq' => $seq, 'data' => $data];
        if ($socket->send(to_json($message), ZMQ::MODE_DONTWAIT) === false) {
            log_line('WARN', "job={$job->id} reply_to={$job->replyTo}: dropped $type seq=$seq: "
                . unreachable('front end', '--frontend-key', $this->curve->frontend !== null));
        }
    }

    private function fail(Job $job, string $code, string $message, bool $retry): void
    {
        unset($this->running[$job->id]);
        $this->toOne($job->link, ['type' => 'fail', 'job' => $job->id,
            'error' => ['code' => $code, 'message' => $message], 'retry' => $retry]);
        log_line('INFO', "job={$job->id} topic={$job->topic} failed code=$code retry=" . ($retry ? 'true' : 'false') . ": $message");
    }

    private function toAll(array $message): void
    {
        foreach ($this->links as $link) {
            $link->send($message);
        }
    }

    /** To the broker that sent the job while it is alive, else to the one heard from last. */
    private function toOne(?BrokerLink $preferred, array $message): void
    {
        if ($preferred === null || now_ms() - $preferred->lastHeard > BROKER_ALIVE_MS) {
            $preferred = array_reduce($this->links, fn($a, $b) => $a === null || $b->lastHeard > $a->lastHeard ? $b : $a);
        }
        $preferred->send($message);
    }
}

// --- The command line every reference worker shares (docs/worker-protocol.md). -------------------

const HELP = <<<'TXT'
Usage: php jobwire_worker.php [options]

jobwire reference worker (topics: upper, count, fail).

Options:
  --broker URL[,URL...]  broker ROUTER endpoint, or several comma-separated (brokers sharing one
                     Redis): one connection each (env JOBWIRE_BROKER; default tcp://127.0.0.1:5556)
  --capacity N       jobs run at once, in total over all brokers (env JOBWIRE_CAPACITY; default 4)
  --topics T[,T...]  topics to serve, a subset of upper,count,fail (env JOBWIRE_TOPICS; default all)
  --id ID            name sent in ready/heartbeat/bye, unique per process; --worker-id is the same
                     (env JOBWIRE_WORKER_ID; default host-pid)
  --grace SECONDS    time running jobs may take to finish after SIGTERM; the rest are handed back
                     (env JOBWIRE_GRACE; default 10)
  --max-message-bytes N  largest frame accepted from a broker; a bigger one drops the connection
                     (env JOBWIRE_MAX_MESSAGE_BYTES; default 1048576 = 1 MiB)
  --curve-secret FILE  this worker's CURVE .key_secret (env JOBWIRE_CURVE_SECRET; default: no CURVE)
  --broker-key FILE    the broker's public CURVE .key (env JOBWIRE_BROKER_KEY)
  --frontend-key FILE  the front ends' ingress public CURVE .key (env JOBWIRE_FRONTEND_KEY)
  -h, --help         show this help
TXT;

function usage_error(string $message): never
{
    fwrite(STDERR, "$message\n\n" . HELP . "\n");
    exit(2);
}

/** @return array<string, string> flag => value, from the environment, then the command line */
function parse_options(array $argv): array
{
    $env = fn(string $name, string $default) => getenv($name) !== false ? getenv($name) : $default;
    $values = [
        'broker' => $env('JOBWIRE_BROKER', 'tcp://127.0.0.1:5556'),
        'capacity' => $env('JOBWIRE_CAPACITY', '4'),
        'topics' => $env('JOBWIRE_TOPICS', implode(',', array_keys(HANDLERS))),
        'id' => $env('JOBWIRE_WORKER_ID', gethostname() . '-' . getmypid()),
        'grace' => $env('JOBWIRE_GRACE', '10'),
        'max-message-bytes' => $env('JOBWIRE_MAX_MESSAGE_BYTES', (string) DEFAULT_MAX_MESSAGE_BYTES),
        'curve-secret' => $env('JOBWIRE_CURVE_SECRET', ''),
        'broker-key' => $env('JOBWIRE_BROKER_KEY', ''),
        'frontend-key' => $env('JOBWIRE_FRONTEND_KEY', ''),
    ];
    for ($i = 1; $i < count($argv); $i++) {
        $arg = $argv[$i];
        if ($arg === '-h' || $arg === '--help') {
            echo HELP, "\n";
            exit(0);
        }
        [$name, $value] = str_contains($arg, '=') ? explode('=', $arg, 2) : [$arg, null];
        $name = $name === '--worker-id' ? '--id' : $name;
        if (!str_starts_with($name, '--') || !array_key_exists(substr($name, 2), $values)) {
            usage_error("unknown option $arg");
        }
        $value ??= $argv[++$i] ?? usage_error("$name needs a value");
        $values[substr($name, 2)] = $value;
    }
    return $values;
}

function main(array $argv): int
{
    $o = parse_options($argv);
    $capacity = filter_var($o['capacity'], FILTER_VALIDATE_INT);
    $grace = filter_var($o['grace'], FILTER_VALIDATE_FLOAT);
    $maxBytes = filter_var($o['max-message-bytes'], FILTER_VALIDATE_INT);
    $topics = array_values(array_filter(array_map('trim', explode(',', $o['topics']))));
    sort($topics);
    $unknown = array_diff($topics, array_keys(HANDLERS));
    $brokers = array_values(array_filter(array_map('trim', explode(',', $o['broker']))));
    if ($capacity === false || $capacity < 1) {
        usage_error('--capacity must be an integer >= 1');
    }
    if ($grace === false || $grace < 0) {
        usage_error('--grace must be a number of seconds >= 0');
    }
    if ($maxBytes === false || $maxBytes < 1024) {
        usage_error('--max-message-bytes must be an integer >= 1024');
    }
    if (!$topics || $unknown) {
        usage_error('--topics must name some of ' . implode(',', array_keys(HANDLERS)) . '; unknown: ' . implode(',', $unknown));
    }
    if (!$brokers) {
        usage_error('--broker needs at least one endpoint');
    }
    try {
        $curve = new Curve($o['curve-secret'] ?: null, $o['broker-key'] ?: null, $o['frontend-key'] ?: null);
    } catch (InvalidArgumentException $e) {
        usage_error($e->getMessage());
    }
    pcntl_sigprocmask(SIG_BLOCK, [SIGTERM, SIGINT]);   // before ZeroMQ starts its threads
    $worker = new Worker($brokers, $o['id'], $capacity, $grace, $curve, $topics, $maxBytes);
    $worker->run();
    return 0;
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    exit(main($argv));
}
