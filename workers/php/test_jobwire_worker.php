<?php
declare(strict_types=1);

/*
 * Runs jobwire_worker.php as a child process against a fake broker made of real sockets.
 *
 *     php workers/php/test_jobwire_worker.php       (JOBWIRE_TEST_LOGS=1 shows the worker's log)
 *
 * The fake broker is a ROUTER (what the worker's DEALER talks to) and a PULL (the job's reply_to,
 * standing in for the front end), both on 127.0.0.1 random ports. Exits 0 when every test passes.
 */

const WORKER = __DIR__ . '/jobwire_worker.php';

final class FakeBroker
{
    public ZMQSocket $router;
    public ZMQSocket $pull;
    public string $endpoint;
    public string $replyTo;
    public ?string $identity = null;   // the worker's current DEALER, learnt from what it sends
    public array $identities = [];
    public bool $heartbeats = true;    // answer like a live broker while we wait
    private int $lastBeat = 0;
    private array $inbox = [];
    /** @var list<FakeBroker> other fake brokers kept alive while we wait on this one */
    public array $peers = [];

    public function __construct(ZMQContext $context)
    {
        $this->router = new ZMQSocket($context, ZMQ::SOCKET_ROUTER);
        $this->pull = new ZMQSocket($context, ZMQ::SOCKET_PULL);
        foreach ([$this->router, $this->pull] as $socket) {
            $socket->setSockOpt(ZMQ::SOCKOPT_LINGER, 0);
            $socket->bind('tcp://127.0.0.1:*');
        }
        $this->endpoint = $this->router->getSockOpt(ZMQ::SOCKOPT_LAST_ENDPOINT);
        $this->replyTo = $this->pull->getSockOpt(ZMQ::SOCKOPT_LAST_ENDPOINT);
    }

    public function sendRaw(string $frame): void
    {
        $this->router->sendMulti([$this->identity, $frame]);
    }

    public function send(array $message): void
    {
        $this->sendRaw(json_encode($message));
    }

    public function job(string $id, string $topic, array $params, array $extra = []): void
    {
        $this->send(['type' => 'job', 'job' => $extra + [
            'id' => $id, 'topic' => $topic, 'params' => (object) $params, 'user' => null,
            'reply_to' => $this->replyTo, 'route' => ['sub' => "s-$id", 'fe' => 'fe-1'],
            'attempt' => 1, 'max_attempts' => 3, 'deadline' => null,
        ]]);
    }

    /** Heartbeats if due (unless silenced) and moves what the worker sent into the inbox. */
    public function tick(): void
    {
        if ($this->heartbeats && $this->identity !== null && microtime(true) - $this->lastBeat > 0.5) {
            $this->send(['type' => 'heartbeat']);
            $this->lastBeat = (int) microtime(true);
        }
        while (($frames = $this->router->recvMulti(ZMQ::MODE_DONTWAIT)) !== false) {
            [$this->identity, $raw] = $frames;
            $this->identities[bin2hex($this->identity)] = true;
            $this->inbox[] = json_decode($raw, true);
        }
    }

    /** The next message from the worker whose type is one of $types (others are skipped). */
    public function recv(array $types, float $timeout = 3.0): array
    {
        $end = microtime(true) + $timeout;
        while (microtime(true) < $end) {
            foreach ([$this, ...$this->peers] as $broker) {
                $broker->tick();
            }
            while ($this->inbox) {
                $message = array_shift($this->inbox);
                if (in_array($message['type'], $types, true)) {
                    return $message;
                }
            }
            usleep(10_000);
        }
        throw new RuntimeException('no ' . implode('/', $types) . " from the worker within {$timeout}s");
    }

    /** The next message the worker pushed to reply_to. */
    public function pushed(float $timeout = 3.0): array
    {
        $end = microtime(true) + $timeout;
        while (($raw = $this->pull->recv(ZMQ::MODE_DONTWAIT)) === false) {
            $this->tick();
            if (microtime(true) > $end) {
                throw new RuntimeException("nothing pushed to reply_to within {$timeout}s");
            }
            usleep(10_000);
        }
        return json_decode($raw, true);
    }

    public function nothingPushedFor(float $seconds): bool
    {
        $end = microtime(true) + $seconds;
        while (microtime(true) < $end) {
            $this->tick();
            if ($this->pull->recv(ZMQ::MODE_DONTWAIT) !== false) {
                return false;
            }
            usleep(10_000);
        }
        return true;
    }
}

/** The worker under test, as a child process. */
final class Child
{
    private $process;

    public function __construct(array $args, array $env = [])
    {
        $stderr = getenv('JOBWIRE_TEST_LOGS') ? STDERR : ['file', '/dev/null', 'w'];
        $this->process = proc_open([PHP_BINARY, WORKER, ...$args], [0 => ['file', '/dev/null', 'r'], 1 => STDOUT, 2 => $stderr],
            $pipes, null, $env + getenv());
    }

    public function signal(int $signal): void
    {
        proc_terminate($this->process, $signal);
    }

    /** The exit code, waiting up to $timeout seconds. */
    public function wait(float $timeout = 10.0): int
    {
        $end = microtime(true) + $timeout;
        while (($status = proc_get_status($this->process))['running']) {
            if (microtime(true) > $end) {
                throw new RuntimeException("the worker did not exit within {$timeout}s");
            }
            usleep(20_000);
        }
        return $status['exitcode'];
    }

    public function isRunning(): bool
    {
        return proc_get_status($this->process)['running'];
    }

    public function kill(): void
    {
        if ($this->isRunning()) {
            proc_terminate($this->process, SIGKILL);
        }
        proc_close($this->process);
    }
}

function check(bool $holds, string $what): void
{
    if (!$holds) {
        throw new RuntimeException($what);
    }
}

function same(mixed $expected, mixed $actual, string $what = ''): void
{
    check($expected === $actual, "$what: expected " . json_encode($expected) . ', got ' . json_encode($actual));
}

// --- The tests: each gets a fresh broker and worker (--id w-test --capacity 2 --grace 5). -------

$tests = [];

$tests['sends ready with its topics and capacity'] = function (FakeBroker $b, Child $w, array $ready) {
    same(['type' => 'ready', 'worker' => 'w-test', 'topics' => ['count', 'fail', 'upper'], 'capacity' => 2], $ready);
};

$tests['heartbeats name the worker and its running jobs'] = function (FakeBroker $b) {
    $b->job('j1', 'count', ['n' => 20, 'interval_ms' => 50]);
    do {
        $beat = $b->recv(['heartbeat']);
    } while ($beat['running'] === []);
    same(['type' => 'heartbeat', 'worker' => 'w-test', 'running' => ['j1']], $beat);
};

$tests['upper pushes the result, then reports done'] = function (FakeBroker $b) {
    $b->job('j1', 'upper', ['text' => 'abc']);
    same(['type' => 'done', 'job' => 'j1'], $b->recv(['done', 'fail']));
    same(['type' => 'result', 'job' => 'j1', 'route' => ['sub' => 's-j1', 'fe' => 'fe-1'], 'seq' => 1,
        'data' => ['text' => 'ABC']], $b->pushed());
};

$tests['count pushes progress 1..n then the result, seq growing by one'] = function (FakeBroker $b) {
    $b->job('j1', 'count', ['n' => 3, 'interval_ms' => 10]);
    $got = [];
    for ($k = 0; $k < 4; $k++) {
        $p = $b->pushed();
        $got[] = [$p['type'], $p['seq'], $p['data']];
    }
    same([['progress', 1, ['i' => 1]], ['progress', 2, ['i' => 2]], ['progress', 3, ['i' => 3]], ['result', 4, ['n' => 3]]], $got);
    same(['type' => 'done', 'job' => 'j1'], $b->recv(['done', 'fail']));
};

$tests['a bad param fails without retry and pushes nothing'] = function (FakeBroker $b) {
    $b->job('j1', 'count', ['n' => true]);
    $fail = $b->recv(['done', 'fail']);
    same(['j1', false, 'bad_request'], [$fail['job'], $fail['retry'], $fail['error']['code']]);
    check($b->nothingPushedFor(0.2), 'pushed something for a bad job');
};

$tests['fail fails with the asked retry until the attempt that succeeds'] = function (FakeBroker $b) {
    $b->job('j1', 'fail', ['retry' => false, 'succeed_on' => 2]);
    $fail = $b->recv(['done', 'fail']);
    same([false, 'requested'], [$fail['retry'], $fail['error']['code']]);
    $b->job('j1', 'fail', ['succeed_on' => 2], ['attempt' => 2]);
    same(['type' => 'done', 'job' => 'j1'], $b->recv(['done', 'fail']));
    same(['attempt' => 2], $b->pushed()['data']);
};

$tests['a job nested too deep fails bad_request without retry; a frame that is not JSON is ignored'] =
    function (FakeBroker $b, Child $w) {
        $params = str_repeat('{"a":', 5000) . '1' . str_repeat('}', 5000);
        $b->sendRaw('{"type":"job","job":{"id":"deep","topic":"upper","params":' . $params
            . ',"user":null,"reply_to":null,"route":null,"attempt":1,"max_attempts":3,"deadline":null}}');
        $fail = $b->recv(['done', 'fail']);
        same(['deep', false, 'bad_request'], [$fail['job'], $fail['retry'], $fail['error']['code']]);
        $b->sendRaw('{"type":"job","job":{"id":"broken"');
        $b->sendRaw("\xff\xfe not even text");
        $b->job('j1', 'upper', ['text' => 'still here']);
        same(['type' => 'done', 'job' => 'j1'], $b->recv(['done', 'fail']));
        check($w->isRunning(), 'the worker exited');
    };

$tests['cancel stops a count job and nothing more is sent for it'] = function (FakeBroker $b) {
    $b->job('j1', 'count', ['n' => 1000, 'interval_ms' => 20]);
    $b->pushed();
    $b->send(['type' => 'cancel', 'job' => 'j1']);
    do {
        $beat = $b->recv(['heartbeat']);
    } while ($beat['running'] !== []);
    while ($b->pull->recv(ZMQ::MODE_DONTWAIT) !== false) {
        // pushed before the cancel landed
    }
    check($b->nothingPushedFor(0.3), 'pushed after the job left the heartbeat');
};

$tests['a job past its deadline fails with timeout'] = function (FakeBroker $b) {
    $deadline = (int) (microtime(true) * 1000) + 300;
    $b->job('j1', 'count', ['n' => 100, 'interval_ms' => 50], ['deadline' => $deadline]);
    $fail = $b->recv(['done', 'fail']);
    same(['j1', false, 'timeout'], [$fail['job'], $fail['retry'], $fail['error']['code']]);
    check(microtime(true) * 1000 >= $deadline, 'failed before the deadline');
};

$tests['a job beyond capacity fails with retry: busy'] = function (FakeBroker $b) {
    foreach (['j1', 'j2', 'j3'] as $id) {
        $b->job($id, 'count', ['n' => 10, 'interval_ms' => 50]);
    }
    $fail = $b->recv(['done', 'fail']);
    same(['j3', true, 'busy'], [$fail['job'], $fail['retry'], $fail['error']['code']]);
};

$tests['reconnects and sends ready again when the broker goes silent'] = function (FakeBroker $b) {
    $b->heartbeats = false;
    same('w-test', $b->recv(['ready'], 5.0)['worker']);
    same(2, count($b->identities), 'DEALER connections');
};

$tests['SIGTERM finishes running jobs, hands late ones back with shutdown, says bye, exits 0'] =
    function (FakeBroker $b, Child $w) {
        $b->job('j1', 'count', ['n' => 4, 'interval_ms' => 100]);
        same(['i' => 1], $b->pushed()['data']);
        $w->signal(SIGTERM);
        usleep(100_000);               // let the signal land before the next job does
        $b->job('j2', 'upper', ['text' => 'late']);
        $late = $b->recv(['done', 'fail']);
        same(['j2', true, 'shutdown'], [$late['job'], $late['retry'], $late['error']['code']]);
        same(['type' => 'done', 'job' => 'j1'], $b->recv(['done', 'fail']));
        same(['type' => 'bye', 'worker' => 'w-test'], $b->recv(['bye']));
        same(0, $w->wait());
    };

$tests['SIGTERM past the grace hands the running job back with shutdown'] = function (FakeBroker $b, Child $w) {
    $b->job('j1', 'count', ['n' => 1000, 'interval_ms' => 100]);
    $b->pushed();
    $w->signal(SIGTERM);
    $fail = $b->recv(['done', 'fail'], 8.0);
    same(['j1', true, 'shutdown'], [$fail['job'], $fail['retry'], $fail['error']['code']]);
    same('bye', $b->recv(['bye'])['type']);
};

// --- Runs them, then the ones that need another setup. ---------------------------------------

$context = new ZMQContext(1);
$failed = 0;
$run = function (string $name, callable $body) use (&$failed) {
    try {
        $body();
        echo "ok - $name\n";
    } catch (Throwable $e) {
        $failed++;
        echo "not ok - $name: {$e->getMessage()}\n";
    }
};
foreach ($tests as $name => $test) {
    $run($name, function () use ($context, $test) {
        $broker = new FakeBroker($context);
        $child = new Child(['--broker', $broker->endpoint, '--id', 'w-test', '--capacity', '2', '--grace', '5']);
        try {
            $test($broker, $child, $broker->recv(['ready'], 5.0));
        } finally {
            $child->kill();
        }
    });
}

$run('two brokers: ready to both, heartbeats list every job, done reaches both', function () use ($context) {
    [$b1, $b2] = [new FakeBroker($context), new FakeBroker($context)];
    [$b1->peers, $b2->peers] = [[$b2], [$b1]];
    $child = new Child(['--broker', "{$b1->endpoint}, {$b2->endpoint}", '--id', 'w-two', '--capacity', '2']);
    try {
        same('w-two', $b1->recv(['ready'], 5.0)['worker']);
        same('w-two', $b2->recv(['ready'], 5.0)['worker']);
        $b1->job('j1', 'count', ['n' => 30, 'interval_ms' => 50]);
        $b2->job('j2', 'count', ['n' => 30, 'interval_ms' => 50]);
        do {
            $beat = $b1->recv(['heartbeat']);
            sort($beat['running']);
        } while ($beat['running'] !== ['j1', 'j2']);
        $b2->job('j3', 'upper', []);
        $busy = $b2->recv(['done', 'fail']);
        same(['j3', 'busy'], [$busy['job'], $busy['error']['code']], 'the third job');
        $done = [$b2->recv(['done'], 5.0)['job'], $b2->recv(['done'], 5.0)['job']];
        sort($done);
        same(['j1', 'j2'], $done, 'done on the second broker');
    } finally {
        $child->kill();
    }
});

$run('topics and id come from the environment; a job for another topic goes back', function () use ($context) {
    $broker = new FakeBroker($context);
    $child = new Child(['--broker', $broker->endpoint], ['JOBWIRE_TOPICS' => 'upper', 'JOBWIRE_WORKER_ID' => 'w-env']);
    try {
        same(['type' => 'ready', 'worker' => 'w-env', 'topics' => ['upper'], 'capacity' => 4], $broker->recv(['ready'], 5.0));
        $broker->job('j1', 'count', ['n' => 1]);
        same('unknown_topic', $broker->recv(['fail'])['error']['code']);
    } finally {
        $child->kill();
    }
});

$run('a frame over --max-message-bytes is refused and the worker joins again', function () use ($context) {
    $broker = new FakeBroker($context);
    $child = new Child(['--broker', $broker->endpoint, '--id', 'w-small', '--max-message-bytes', '4096']);
    try {
        $broker->recv(['ready'], 5.0);
        $broker->sendRaw('{"type":"heartbeat","pad":"' . str_repeat('x', 10_000) . '"}');
        same('w-small', $broker->recv(['ready'], 6.0)['worker']);
        check($child->isRunning(), 'the worker exited');
    } finally {
        $child->kill();
    }
});

$run('an unknown topic is a usage error', function () {
    $child = new Child(['--topics', 'upper,nope']);
    same(2, $child->wait());
});

echo $failed === 0 ? "all passed\n" : "$failed failed\n";
exit($failed === 0 ? 0 : 1);
