-- wrk: residents handing in the submission form.
-- Each thread first fetches the form (a GET) for the CSRF cookie and token, then POSTs the
-- form with a new submission key and a new e-mail address on every request.
-- Arguments after `--`: form path, theme id, CSRF cookie name.
-- Prints "acknowledged N refused M forms F" at the end: a 302 to the receipt is an
-- acknowledged submission; anything else on a POST is refused.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  form_path = args[1]
  theme = args[2]
  cookie_name = args[3]
  acknowledged = 0
  refused = 0
  forms = 0
  counter = 0
  posted = 0
  token = nil
  cookie = nil
  math.randomseed(os.time() + id * 7919)
end

local function hex(digits)
  local out = {}
  for i = 1, digits do
    out[i] = string.format("%x", math.random(0, 15))
  end
  return table.concat(out)
end

local function uuid4()
  return hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(12)
end

local description = string.rep("Een bankje bij de speeltuin, zodat ouders kunnen zitten.+", 3)

function request()
  if not token then
    return wrk.format("GET", form_path)
  end
  counter = counter + 1
  posted = posted + 1
  local body = "csrfmiddlewaretoken=" .. token
    .. "&submission_key=" .. uuid4()
    .. "&kind=idea&theme=" .. theme
    .. "&title=Bankje+bij+de+speeltuin"
    .. "&description=" .. description
    .. "&name=Inwoner+" .. id
    .. "&email=bench-" .. id .. "-" .. counter .. "-" .. hex(6) .. "%40example.org"
    .. "&privacy_consent=on&publish_consent=on&website="
  return wrk.format("POST", form_path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  if status == 200 and body:find('name="csrfmiddlewaretoken"', 1, true) then
    forms = forms + 1
    if not token then
      local set_cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
      local pattern = "(" .. cookie_name:gsub("%-", "%%-") .. "=[^;]+)"
      local c = set_cookie:match(pattern)
      local t = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
      if c and t then
        cookie = c
        token = t
      end
    end
  elseif status == 302 then
    acknowledged = acknowledged + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local a, r, f = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("acknowledged")
    r = r + thread:get("refused")
    f = f + thread:get("forms")
  end
  io.write(string.format("acknowledged %d refused %d forms %d\n", a, r, f))
end
