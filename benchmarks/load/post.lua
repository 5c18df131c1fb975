-- POSTs the file named by the BODY environment variable as application/json.
-- USER_AGENT sets the User-Agent header (wrk sends none of its own); UA_VARY=1 appends a
-- counter to it, so that every request brings a user agent the collector has not seen.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()

local agent = os.getenv("USER_AGENT")
if agent and agent ~= "" then
  wrk.headers["User-Agent"] = agent
  if os.getenv("UA_VARY") == "1" then
    local counter = 0
    request = function()
      counter = counter + 1
      wrk.headers["User-Agent"] = agent .. " r/" .. counter
      return wrk.format()
    end
  end
end
