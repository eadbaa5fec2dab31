import"./chunk-3RNHDNP5.js";var j="flowgate:dashboard:token";function B(){try{return localStorage.getItem(j)??""}catch{return""}}function ne(e){try{e?localStorage.setItem(j,e):localStorage.removeItem(j)}catch{}}var te="/graphql";function re(e){te=e}async function b(e,n){let r={Accept:"application/json","Content-Type":"application/json"},i=B();i&&(r.Authorization="Bearer "+i);let a;try{a=await fetch(te,{method:"POST",headers:r,credentials:"omit",body:JSON.stringify({query:e.toString(),variables:n})})}catch(o){return{data:null,errors:[{message:"flowgate could not be reached: "+String(o),extensions:{code:"NETWORK"}}]}}try{let o=await a.json();return{data:o.data??null,errors:o.errors??[]}}catch{return{data:null,errors:[{message:`HTTP ${a.status}: the response is not JSON`,extensions:{code:"HTTP_"+a.status}}]}}}var ie=document.body.dataset,$={endpoint:ie.endpoint||"/graphql",authentikURL:ie.authentikUrl||""};function t(e,n,...r){let i=document.createElement(e);for(let[a,o]of Object.entries(n??{}))o==null||o===!1||(a.startsWith("on")&&typeof o=="function"?i.addEventListener(a.slice(2),o):i.setAttribute(a,o===!0?"":String(o)));return ae(i,r),i}function ae(e,n){for(let r of n)r==null||r===!1||(Array.isArray(r)?ae(e,r):e.append(r instanceof Node?r:String(r)))}function S(e){return e?e.toLowerCase().replace(/_/g," "):"unknown"}function I(e){return document.getElementById(e)}var N=null;function oe(e){N=e}function p(e,...n){N&&(N.dataset.kind=e,N.setAttribute("role",e==="error"?"alert":"status"),N.replaceChildren(t("span",{class:"message",id:"status-message"},...n)),N.hidden=!1)}function Ge(){N&&(delete N.dataset.kind,N.replaceChildren(),N.hidden=!0)}var U=null;function H(e,n){U={kind:e,text:n}}function W(){U?p(U.kind,U.text):Ge(),U=null}function A(e){return e.length===0?null:t("ul",{class:"errors"},e.map(n=>t("li",{},n.extensions?.code?t("code",{},n.extensions.code):null," ",n.message,n.path?t("span",{class:"path"}," at ",n.path.join(".")):null)))}function w(e,n){p("error",e,A(n))}var P=["AUTHENTICATION","AUTHORIZATION","ENROLLMENT","INVALIDATION","RECOVERY","STAGE_CONFIGURATION","UNENROLLMENT"];function se(e){let n=/^#\/flows\/([^?]+)$/.exec(e);if(n?.[1])return{screen:"flow",slug:decodeURIComponent(n[1])};if(e==="#/new")return{screen:"new"};let r=new URLSearchParams(e.replace(/^#\/?\??/,"")),i=r.get("d")??"",a=Number(r.get("page")??"1");return{screen:"list",state:{q:r.get("q")??"",d:P.includes(i)?i:"",page:Number.isInteger(a)&&a>=1?a:1}}}function D(e){let n=new URLSearchParams;e.q&&n.set("q",e.q),e.d&&n.set("d",e.d),e.page>1&&n.set("page",String(e.page));let r=n.toString();return r?"#/?"+r:"#/"}function C(e){return"#/flows/"+encodeURIComponent(e)}var z=()=>{};function le(e){z=e}function x(e,n=!1){if(location.hash===e){z();return}n?(history.replaceState(null,"",e),z()):location.hash=e}var k=class extends String{constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}},ge=new k(`
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}
    `,{fragmentName:"FlowDetail"}),de=new k(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `),ue=new k(`
    query DashboardFlow($slug: String!) {
  flow(slug: $slug) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),me=new k(`
    mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
  updateFlow(slug: $slug, input: $input) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),pe=new k(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `),ce=new k(`
    mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
  reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),be=new k(`
    mutation DashboardBind($input: CreateFlowStageBindingInput!) {
  createFlowStageBinding(input: $input) {
    pk
    stage {
      name
    }
    target {
      ...FlowDetail
    }
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),fe=new k(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `),he=new k(`
    query DashboardStages($search: String) {
  stages(first: 100, search: $search, orderBy: {field: NAME}) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `),we=new k(`
    query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
  flows(first: $first, after: $after, search: $search, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      pk
      slug
      name
      title
      designation
      bindings {
        pk
        order
        stage {
          pk
          name
          verboseName
        }
      }
    }
  }
}
    `),ye=new k(`
    query DashboardStageSettings($pk: ID!) {
  stage(pk: $pk) {
    __typename
    pk
    name
    verboseName
    component
    ... on IdentificationStage {
      userFields
      caseInsensitiveMatching
      showMatchedUser
      pretendUserExists
      enableRememberMe
      showSourceLabels
      enrollmentFlow {
        slug
        name
      }
      recoveryFlow {
        slug
        name
      }
      passwordlessFlow {
        slug
        name
      }
      passwordStage {
        pk
        name
      }
      captchaStage {
        pk
        name
      }
      webauthnStage {
        pk
        name
      }
    }
    ... on PasswordStage {
      backends
      failedAttemptsBeforeCancel
      allowShowPassword
      configureFlow {
        slug
        name
      }
    }
    ... on AuthenticatorValidateStage {
      notConfiguredAction
      deviceClasses
      lastAuthThreshold
      webauthnUserVerification
      configurationStages {
        pk
        name
        verboseName
      }
    }
    ... on UserLoginStage {
      sessionDuration
      rememberMeOffset
      terminateOtherSessions
      networkBinding
      geoipBinding
      rememberDevice
    }
    ... on UserWriteStage {
      userCreationMode
      userType
      createUsersAsInactive
      userPathTemplate
    }
    ... on PromptStage {
      fields {
        fieldKey
        label
        type
        required
        placeholder
        order
      }
    }
    ... on ConsentStage {
      consentMode
      consentExpireIn
    }
    ... on EmailStage {
      useGlobalSettings
      host
      port
      fromAddress
      subject
      template
      tokenExpiry
      activateUserOnSuccess
    }
    ... on InvitationStage {
      continueFlowWithoutInvitation
    }
    ... on DenyStage {
      denyMessage
    }
    ... on RedirectStage {
      redirectMode
      targetStatic
      targetFlow {
        slug
        name
      }
      keepContext
    }
    ... on CaptchaStage {
      publicKey
      interactive
      scoreMinThreshold
      scoreMaxThreshold
    }
    ... on AuthenticatorStaticStage {
      friendlyName
      tokenCount
      tokenLength
      configureFlow {
        slug
        name
      }
    }
    ... on AuthenticatorTotpStage {
      friendlyName
      digits
      configureFlow {
        slug
        name
      }
    }
    ... on AuthenticatorWebAuthnStage {
      friendlyName
      userVerification
      residentKeyRequirement
      authenticatorAttachment
      maxAttempts
      configureFlow {
        slug
        name
      }
    }
  }
}
    `);var je={"\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n":de,"\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n    }\n  }\n":ge,"\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n":ue,"\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n":me,"\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n":pe,"\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n":ce,"\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n":be,"\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n":fe,"\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n":he,"\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n":we,"\n  query DashboardStageSettings($pk: ID!) {\n    stage(pk: $pk) {\n      __typename pk name verboseName component\n      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists\n        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }\n        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }\n      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }\n      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold\n        webauthnUserVerification configurationStages { pk name verboseName } }\n      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }\n      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }\n      ... on PromptStage { fields { fieldKey label type required placeholder order } }\n      ... on ConsentStage { consentMode consentExpireIn }\n      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }\n      ... on InvitationStage { continueFlowWithoutInvitation }\n      ... on DenyStage { denyMessage }\n      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }\n      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }\n      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }\n      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }\n      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement\n        authenticatorAttachment maxAttempts configureFlow { slug name } }\n    }\n  }\n":ye};function h(e){return je[e]??{}}var Y=25,We=h(`
  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
    flows(first: $first, after: $after, search: $search, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        pk
        slug
        name
        title
        designation
        bindings { pk order stage { pk name verboseName } }
      }
    }
  }
`);function ve(e){return"flowgate:dashboard:cursors:"+JSON.stringify([e.q,e.d])}function Se(e){try{let n=JSON.parse(sessionStorage.getItem(ve(e))??"[null]");return Array.isArray(n)?n:[null]}catch{return[null]}}function ze(e,n,r){let i=Se(e);i[n]=r;try{sessionStorage.setItem(ve(e),JSON.stringify(i))}catch{}}var _=null,ke=0;async function Ee(e,n){document.title="flowgate · flows",(!_||!e.contains(_.root))&&(_=Ze(e));let r=_;document.activeElement!==r.search&&(r.search.value=n.q),r.designation.value=n.d;let i=n.page>1?Se(n)[n.page-1]:null;if(n.page>1&&!i){x(D({...n,page:1}),!0);return}let a=++ke;r.results.setAttribute("aria-busy","true");let{data:o,errors:s}=await b(We,{first:Y,after:i,search:n.q||null,filter:n.d?{designation:n.d}:null});if(a!==ke||_!==r)return;r.results.removeAttribute("aria-busy");let l=o?.flows;if(!l){r.results.replaceChildren(),w("The flows could not be loaded.",s);return}s.length&&w("Some flows could not be loaded.",s),l.pageInfo.endCursor&&ze(n,n.page,l.pageInfo.endCursor);let g=l.nodes.filter(u=>!!u),d=(n.page-1)*Y+1,m=Math.max(1,Math.ceil(l.totalCount/Y));r.results.replaceChildren(t("p",{class:"count",id:"flow-count"},g.length?`${d}–${d+g.length-1} of ${l.totalCount} flows`:`0 of ${l.totalCount} flows`),g.length===0?t("p",{class:"note",id:"no-flows"},n.q||n.d?"No flow matches.":"No flows are visible with this token."):t("table",{id:"flows"},t("thead",{},t("tr",{},["Flow","Designation","Stages in order"].map(u=>t("th",{scope:"col"},u)))),t("tbody",{},g.map(Ye))),t("nav",{class:"pager","aria-label":"pages"},t("a",{id:"prev-page",class:"button",href:n.page>1?D({...n,page:n.page-1}):null,"aria-disabled":n.page<=1?"true":null},"← Previous")," ",t("span",{id:"page-info"},`page ${n.page} of ${m}`)," ",t("a",{id:"next-page",class:"button",href:l.pageInfo.hasNextPage?D({...n,page:n.page+1}):null,"aria-disabled":l.pageInfo.hasNextPage?null:"true"},"Next →")))}function Ye(e){return t("tr",{class:"flow","data-slug":e.slug,"data-designation":e.designation??""},t("td",{},t("a",{href:C(e.slug),class:"flow-link"},e.name),t("br"),t("code",{class:"slug"},e.slug)),t("td",{class:"designation"},S(e.designation)),t("td",{},Xe(e.bindings)))}function Xe(e){return e.length===0?t("p",{class:"chain empty"},"no stages bound"):t("ol",{class:"chain"},e.map((n,r)=>t("li",{"data-order":n.order},r>0?t("span",{class:"arrow","aria-hidden":"true"},"→"):null,t("span",{class:"pill",title:n.stage.verboseName},t("span",{class:"order"},n.order)," ",t("span",{class:"stage-name"},n.stage.name)))))}function Ze(e){let n=t("input",{id:"search",type:"search",placeholder:"Search name, slug, title, designation…","aria-label":"Search flows",autocomplete:"off",spellcheck:"false"}),r=t("select",{id:"designation","aria-label":"Designation"},t("option",{value:""},"All designations"),P.map(g=>t("option",{value:g},S(g)))),i=0,a=g=>{window.clearTimeout(i),x(D({q:n.value.trim(),d:r.value,page:1}),g)};n.addEventListener("input",()=>{window.clearTimeout(i),i=window.setTimeout(()=>a(!0),250)}),r.addEventListener("change",()=>a(!1));let o=t("form",{id:"list-controls",role:"search"},n,r,t("a",{id:"new-flow",class:"button primary",href:"#/new"},"New flow"));o.addEventListener("submit",g=>{g.preventDefault(),a(!1)});let s=t("div",{id:"results","aria-live":"polite"}),l=t("section",{id:"list-screen"},t("h2",{},"Flows"),o,s);return e.replaceChildren(l),{root:l,search:n,designation:r,results:s}}function c(e,n,r,i){let a="err-"+e.replace(/[^A-Za-z0-9_-]/g,"-");return r.setAttribute("aria-describedby",a),r.dataset.field=e,r.id||(r.id="f-"+e.replace(/[^A-Za-z0-9_-]/g,"-")),t("div",{class:"field","data-field":e},t("label",{for:r.id},n),r,i?t("span",{class:"hint"},i):null,t("div",{class:"field-error",id:a,"data-error-for":e}))}function F(e,n,r){let i=t("select",r??{},e.map(([a,o])=>t("option",{value:a},o)));return i.value=n??e[0]?.[0]??"",i}function V(e){for(let n of e.querySelectorAll(".field-error"))n.replaceChildren();for(let n of e.querySelectorAll("[aria-invalid]"))n.removeAttribute("aria-invalid")}function R(e,n){V(e);let r=0,i=[];for(let a of n){let o=a.extensions??{};if(o.code!=="BAD_USER_INPUT"||!o.fields&&!o.nonFieldErrors){i.push(a);continue}for(let[s,l]of Object.entries(o.fields??{}))for(let g of[].concat(l)){let d=e.querySelector(`[data-error-for="${CSS.escape(s)}"]`);d?(d.append(t("span",{},g)),e.querySelector(`[data-field="${CSS.escape(s)}"]:not(.field)`)?.setAttribute("aria-invalid","true"),r++):i.push({message:`${s}: ${g}`,extensions:{code:o.code}})}for(let s of o.nonFieldErrors??[])i.push({message:s,extensions:{code:o.code}})}return{shown:r,rest:i}}function O(e){return e.map(n=>[n,S(n)])}var Q=O(P),Ne=O(["STACKED","CONTENT_LEFT","CONTENT_RIGHT","SIDEBAR_LEFT","SIDEBAR_RIGHT","SIDEBAR_LEFT_FRAME_BACKGROUND","SIDEBAR_RIGHT_FRAME_BACKGROUND"]),De=O(["MESSAGE_CONTINUE","MESSAGE","CONTINUE"]),Fe=O(["NONE","REQUIRE_AUTHENTICATED","REQUIRE_UNAUTHENTICATED","REQUIRE_SUPERUSER","REQUIRE_REDIRECT","REQUIRE_OUTPOST"]),Te=O(["ALL","ANY"]);var Je=h(`
  mutation DashboardCreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) { pk slug }
  }
`);function Ae(e){document.title="flowgate · new flow";let n=t("input",{type:"text",required:!0,autocomplete:"off"}),r=t("input",{type:"text",required:!0,autocomplete:"off",spellcheck:"false"}),i=t("input",{type:"text",required:!0,autocomplete:"off"}),a=F(Q,"AUTHENTICATION"),o=!1;r.addEventListener("input",()=>{o=!0}),n.addEventListener("input",()=>{o||(r.value=n.value.toLowerCase().trim().replace(/[^a-z0-9_]+/g,"-").replace(/^-+|-+$/g,""))});let s=t("button",{type:"submit",class:"primary",id:"create-submit"},"Create flow"),l=t("form",{id:"create-form",novalidate:!0},c("input.name","Name",n),c("input.slug","Slug",r,"letters, digits, - and _; part of the flow's URL"),c("input.title","Title",i,"shown to the user while the flow runs"),c("input.designation","Designation",a),t("p",{},s," ",t("a",{href:"#/"},"Cancel")));l.addEventListener("submit",async g=>{g.preventDefault(),s.disabled=!0,p("busy","Creating…");let{data:d,errors:m}=await b(Je,{input:{name:n.value,slug:r.value.trim(),title:i.value,designation:a.value}});if(s.disabled=!1,d?.createFlow){H("ok",`Flow “${n.value}” created.`),x(C(d.createFlow.slug));return}let{shown:u,rest:v}=R(l,m);v.length?w(u?"The flow was not created: see the fields marked, and:":"The flow was not created.",v):p("error","The flow was not created: see the fields marked.")}),e.replaceChildren(t("section",{id:"create-screen"},t("p",{},t("a",{href:"#/"},"← all flows")),t("h2",{},"New flow"),l)),n.focus()}var xe=null,en=0;function nn(){return xe??=import("./chunk-MZ273XD5.js").then(({default:e})=>{let n=window.matchMedia?.("(prefers-color-scheme: dark)").matches;return e.initialize({startOnLoad:!1,securityLevel:"strict",theme:n?"dark":"neutral",layout:"dagre",htmlLabels:!1,flowchart:{htmlLabels:!1,useMaxWidth:!0,wrappingWidth:320},fontFamily:'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'}),e}),xe}var Me=new CSSStyleSheet,Ie=!1,Re="data-flowgate-theme",Ce=Promise.resolve();function tn(e){let n=Ce.then(()=>rn(e));return Ce=n.catch(()=>{}),n}async function rn(e){Ie||(document.adoptedStyleSheets=[...document.adoptedStyleSheets,Me],Ie=!0);let n=document.createElement;document.createElement=function(r,i){if(r.toLowerCase()!=="style")return n.call(this,r,i);let a=this.createElementNS("http://www.w3.org/2000/svg","metadata");return a.setAttribute(Re,""),Object.defineProperty(a,"innerHTML",{configurable:!0,get:()=>"",set:o=>Me.replaceSync(String(o))}),a};try{return await e()}finally{document.createElement=n}}async function Le(e,n,r){let i;try{let s=await nn(),l="flow-diagram-"+ ++en;({svg:i}=await tn(()=>r()?s.render(l,n):Promise.reject(new Error("gone"))))}catch(s){if(!r())return;e.removeAttribute("aria-busy"),e.replaceChildren(t("p",{class:"errors"},"The diagram could not be drawn: "+String(s)," The text is below."));return}if(!r())return;let a=new DOMParser().parseFromString(i,"image/svg+xml"),o=a.documentElement;if(o.nodeName!=="svg"||a.querySelector("parsererror")){e.replaceChildren(t("p",{class:"errors"},"The diagram could not be drawn. The text is below."));return}for(let s of o.querySelectorAll(`[${Re}], style`))s.remove();o.setAttribute("role","img"),e.removeAttribute("aria-busy"),e.replaceChildren(document.importNode(o,!0))}var an=h(`
  query DashboardStageSettings($pk: ID!) {
    stage(pk: $pk) {
      __typename pk name verboseName component
      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists
        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }
        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }
      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }
      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold
        webauthnUserVerification configurationStages { pk name verboseName } }
      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }
      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }
      ... on PromptStage { fields { fieldKey label type required placeholder order } }
      ... on ConsentStage { consentMode consentExpireIn }
      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }
      ... on InvitationStage { continueFlowWithoutInvitation }
      ... on DenyStage { denyMessage }
      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }
      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }
      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }
      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }
      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement
        authenticatorAttachment maxAttempts configureFlow { slug name } }
    }
  }
`),on=new Set(["__typename","pk","name","verboseName","component"]);function sn(e){return e.replace(/([a-z0-9])([A-Z])/g,"$1 $2").toLowerCase()}function Ue(e){return e==null?"—":typeof e=="boolean"?e?"yes":"no":typeof e=="number"?String(e):typeof e=="string"?/^[A-Z][A-Z0-9_]*$/.test(e)?S(e):e:Array.isArray(e)?e.length===0?"none":typeof e[0]=="object"&&e[0]&&"fieldKey"in e[0]?ln(e):e.map(n=>typeof n=="object"&&n?$e(n):String(Ue(n))).join(", "):typeof e=="object"?$e(e):String(e)}function $e(e){let n=e.name??e.slug??e.pk;return typeof n=="string"?n:JSON.stringify(e)}function ln(e){return t("table",{class:"prompt-fields"},t("thead",{},t("tr",{},["Order","Field","Label","Type","Required","Placeholder"].map(n=>t("th",{},n)))),t("tbody",{},e.map(n=>t("tr",{},t("td",{},n.order),t("td",{},t("code",{},n.fieldKey)),t("td",{},n.label),t("td",{},S(n.type)),t("td",{},n.required?"yes":"no"),t("td",{},n.placeholder)))))}function Pe(e,n,r){let i=t("div",{class:"stage-settings-body"},t("p",{class:"note"},"Loading…")),a=t("details",{class:"stage-settings",id:e},t("summary",{},"Settings of ",r),i),o=!1;return a.addEventListener("toggle",async()=>{if(!a.open||o)return;o=!0;let{data:s,errors:l}=await b(an,{pk:n}),g=s?.stage;if(!g){i.replaceChildren(l.length?A(l)??"":t("p",{class:"note"},"This stage is gone, or this token may not see it.")),o=!1;return}i.replaceChildren(gn(g),A(l)??"")}),a}function gn(e){let n=Object.entries(e).filter(([r])=>!on.has(r));return t("div",{"data-typename":e.__typename},t("p",{class:"note"},e.verboseName," · ",t("code",{},e.component)),n.length===0?t("p",{class:"note no-settings"},"This stage type has no settings flowgate shows."):t("dl",{class:"props settings"},n.map(([r,i])=>[t("dt",{"data-key":r},sn(r)),t("dd",{},Ue(i))])))}h(`
  fragment FlowDetail on Flow {
    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode
    diagram
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
    }
  }
`);var Z=h(`
  query DashboardFlow($slug: String!) {
    flow(slug: $slug) { ...FlowDetail }
  }
`),dn=h(`
  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
    updateFlow(slug: $slug, input: $input) { ...FlowDetail }
  }
`),un=h(`
  mutation DashboardDeleteFlow($slug: String!) {
    deleteFlow(slug: $slug) { pk }
  }
`),mn=h(`
  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }
  }
`),pn=h(`
  mutation DashboardBind($input: CreateFlowStageBindingInput!) {
    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }
  }
`),cn=h(`
  mutation DashboardUnbind($pk: ID!) {
    deleteFlowStageBinding(pk: $pk) { pk }
  }
`),bn=h(`
  query DashboardStages($search: String) {
    stages(first: 100, search: $search, orderBy: { field: NAME }) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`),M=0,Oe=null,X=new Map;async function qe(e,n){document.title="flowgate · "+n;let r=++M;X.clear(),e.replaceChildren(t("p",{class:"note"},"Loading…"));let{data:i,errors:a}=await b(Z,{slug:n});if(r!==M)return;let o=i?.flow;if(!o){e.replaceChildren(He(),t("h2",{},n)),a.length?w("The flow could not be loaded.",a):p("error","No flow with this slug, or this token may not see it.");return}a.length&&w("Parts of the flow could not be loaded.",a),Ve(e,o)}function Be(){M++,Oe=null}function He(){return t("p",{},t("a",{href:D({q:"",d:"",page:1})},"← all flows"))}function Ve(e,n){let r=++M;Oe=n;let i=fn(n.slug);e.replaceChildren(t("section",{id:"flow-screen","data-slug":n.slug},He(),t("div",{class:"title-row"},t("h2",{},n.name," ",t("code",{class:"slug"},n.slug)),i,hn(n)),t("div",{class:"columns"},t("div",{},t("h3",{},"Stage bindings ",t("span",{class:"count"},`(${n.bindings.length})`)),yn(n),Nn(n)),t("div",{},t("h3",{},"Settings"),wn(n))),t("h3",{},"Diagram"),Dn(n,r)))}function fn(e){if(!$.authentikURL)return null;let n;try{n=new URL("if/flow/"+encodeURIComponent(e)+"/",$.authentikURL.replace(/\/*$/,"/"))}catch{return null}return n.protocol!=="https:"&&n.protocol!=="http:"?null:t("a",{id:"run-flow",class:"button",href:n.href,target:"_blank",rel:"noopener noreferrer"},"Run in authentik ↗")}function hn(e){let n=t("div",{class:"delete"}),r=t("button",{type:"button",id:"delete-flow",class:"danger"},"Delete flow…"),i=t("button",{type:"button",id:"delete-confirm",class:"danger"},"Delete"),a=t("button",{type:"button",id:"delete-cancel"},"Cancel"),o=t("span",{class:"confirm"},`Delete “${e.name}” and its ${e.bindings.length} binding${e.bindings.length===1?"":"s"}? `,i," ",a);return n.replaceChildren(r),r.addEventListener("click",()=>{n.replaceChildren(o),a.focus()}),a.addEventListener("click",()=>{n.replaceChildren(r),r.focus()}),i.addEventListener("click",async()=>{i.disabled=!0,p("busy","Deleting…");let{data:s,errors:l}=await b(un,{slug:e.slug});if(i.disabled=!1,s?.deleteFlow){H("ok",`Flow “${e.name}” deleted.`),x(D({q:"",d:"",page:1}));return}n.replaceChildren(r),w("The flow was not deleted.",l)}),n}function wn(e){let n=t("input",{type:"text",value:e.name,autocomplete:"off"}),r=t("input",{type:"text",value:e.slug,autocomplete:"off",spellcheck:"false"}),i=t("input",{type:"text",value:e.title,autocomplete:"off"}),a=F(Q,e.designation),o=F(Fe,e.authentication),s=F(Ne,e.layout),l=F(De,e.deniedAction),g=F(Te,e.policyEngineMode),d=t("input",{type:"checkbox"});d.checked=e.compatibilityMode;let m=t("button",{type:"submit",id:"save-flow",class:"primary"},"Save settings"),u=t("form",{id:"edit-form",novalidate:!0},c("input.name","Name",n),c("input.slug","Slug",r),c("input.title","Title",i),c("input.designation","Designation",a),c("input.authentication","Authentication",o),c("input.layout","Layout",s),c("input.deniedAction","Denied action",l),c("input.policyEngineMode","Policy engine mode",g),c("input.compatibilityMode","Compatibility mode",d),t("dl",{class:"props"},t("dt",{},"pk"),t("dd",{},t("code",{},e.pk))),t("p",{},m));return u.addEventListener("submit",async v=>{v.preventDefault();let f={};if(n.value!==e.name&&(f.name=n.value),r.value.trim()!==e.slug&&(f.slug=r.value.trim()),i.value!==e.title&&(f.title=i.value),a.value!==e.designation&&(f.designation=a.value),o.value!==e.authentication&&(f.authentication=o.value),s.value!==e.layout&&(f.layout=s.value),l.value!==e.deniedAction&&(f.deniedAction=l.value),g.value!==e.policyEngineMode&&(f.policyEngineMode=g.value),d.checked!==e.compatibilityMode&&(f.compatibilityMode=d.checked),V(u),Object.keys(f).length===0){p("info","Nothing to save: no setting changed.");return}m.disabled=!0,p("busy","Saving…");let{data:T,errors:E}=await b(dn,{slug:e.slug,input:f});m.disabled=!1;let y=T?.updateFlow;if(y){y.slug!==e.slug&&history.replaceState(null,"",C(y.slug)),L(y,"Settings saved.");return}let{shown:Qe,rest:ee}=R(u,E);ee.length?w(Qe?"The settings were not saved: see the fields marked, and:":"The settings were not saved.",ee):p("error","The settings were not saved: see the fields marked.")}),u}function L(e,n){let r=document.getElementById("main");if(!r)return;let i=document.activeElement?.closest("li.binding")?.dataset.pk,a=[...r.querySelectorAll("details[open][id]")].map(o=>o.id);Ve(r,e);for(let o of a){let s=document.getElementById(o);s instanceof HTMLDetailsElement&&(s.open=!0)}p("ok",n),i&&r.querySelector(`li.binding[data-pk="${CSS.escape(i)}"] .handle`)?.focus()}function yn(e){if(e.bindings.length===0)return t("p",{class:"note",id:"no-bindings"},"No stages are bound to this flow.");let n=t("ol",{id:"bindings",class:"bindings"},e.bindings.map(i=>kn(e,i))),r=t("p",{class:"hint",id:"reorder-help"},"Drag a stage by its ⠿ handle, or focus the handle and press ↑ or ↓, to change the order; it is saved at once.");return t("div",{},r,n)}function kn(e,n){let r=t("button",{type:"button",class:"handle","aria-describedby":"reorder-help","aria-label":`Move ${n.stage.name} (position ${e.bindings.indexOf(n)+1} of ${e.bindings.length})`},"⠿"),i=t("button",{type:"button",class:"unbind link","aria-label":`Unbind ${n.stage.name}`},"Unbind"),a=t("li",{class:"binding","data-pk":n.pk,"data-order":n.order},r,t("span",{class:"order"},n.order),t("span",{class:"stage"},t("span",{class:"stage-name"},n.stage.name)," ",t("span",{class:"verbose"},n.stage.verboseName)),t("span",{class:"flags"},[n.evaluateOnPlan&&"policies on plan",n.reEvaluatePolicies&&"re-evaluated"].filter(Boolean).join(", ")||"—"," · ",S(n.policyEngineMode)," · on invalid response: ",S(n.invalidResponseAction)),i,Pe("stage-"+n.pk,n.stage.pk,n.stage.name));vn(e,a,r),r.addEventListener("keydown",s=>{if(s.key!=="ArrowUp"&&s.key!=="ArrowDown")return;s.preventDefault();let l=s.key==="ArrowUp"?a.previousElementSibling:a.nextElementSibling;l&&(s.key==="ArrowUp"?l.before(a):l.after(a),r.focus(),J(e,a.parentElement,600))});let o=0;return i.addEventListener("click",async()=>{if(!o){i.textContent="Really unbind?",i.classList.add("danger"),o=window.setTimeout(()=>{o=0,i.textContent="Unbind",i.classList.remove("danger")},5e3);return}window.clearTimeout(o),i.disabled=!0,p("busy",`Unbinding ${n.stage.name}…`);let{data:s,errors:l}=await b(cn,{pk:n.pk});if(!s?.deleteFlowStageBinding){i.disabled=!1,w(`${n.stage.name} was not unbound.`,l);return}let g=await b(Z,{slug:e.slug});g.data?.flow?L(g.data.flow,`Unbound ${n.stage.name}.`):w(`Unbound ${n.stage.name}, but the flow could not be read again.`,g.errors)}),a}function vn(e,n,r){r.addEventListener("pointerdown",i=>{if(i.button!==0||G)return;i.preventDefault();let a=n.parentElement,o=[...a.children];n.classList.add("dragging");let s=g=>{if(g.pointerId!==i.pointerId)return;let d=null;for(let m of a.children){if(m===n)continue;let u=m.getBoundingClientRect();if(g.clientY<u.top+u.height/2){d=m;break}}d!==n.nextElementSibling&&a.insertBefore(n,d)},l=g=>{if(g.pointerId===i.pointerId){if(document.removeEventListener("pointermove",s),document.removeEventListener("pointerup",l),document.removeEventListener("pointercancel",l),n.classList.remove("dragging"),g.type==="pointercancel"){a.replaceChildren(...o);return}o.some((d,m)=>a.children[m]!==d)&&(r.focus(),J(e,a,0))}};document.addEventListener("pointermove",s),document.addEventListener("pointerup",l),document.addEventListener("pointercancel",l)})}var G=!1,_e=0;function J(e,n,r){window.clearTimeout(_e),p("busy","Saving the order…"),_e=window.setTimeout(()=>{Sn(e,n)},r)}async function Sn(e,n){if(G){J(e,n,200);return}let r=[...n.querySelectorAll("li.binding")].map(d=>d.dataset.pk??"");G=!0;let i=M,{data:a,errors:o}=await b(mn,{flowSlug:e.slug,bindingPks:r});if(G=!1,i!==M)return;let s=a?.reorderFlowStages;if(s&&o.length===0){L(s,"Order saved.");return}if(s){L(s,""),p("error",En(e,o));return}let l=await b(Z,{slug:e.slug});l.data?.flow&&L(l.data.flow,"");let g=o.flatMap(d=>Object.values(d.extensions?.fields??{}).flat());p("error","The order was not saved. ",g.join(" "),g.length?" ":"","The list shows the bindings as authentik has them now.",A(g.length?[]:o))}function En(e,n){let r=new Map(e.bindings.map(s=>[s.pk,s.stage.name])),i=s=>r.has(s)?`${r.get(s)} (${s})`:s,a=n[0]?.extensions??{},o=s=>s&&s.length?s.map(i).join(", "):"none";return t("div",{class:"partial",id:"reorder-partial"},t("p",{},t("strong",{},"The reorder stopped partway. "),"The list shows the bindings as authentik has them now."),t("ul",{},t("li",{},"Failed: ",a.failedBindingPk?i(a.failedBindingPk):"unknown"),t("li",{},"Changed: ",o(a.changedBindingPks)),t("li",{},"Unchanged: ",o(a.unchangedBindingPks))),A(n))}function Nn(e){let n=t("input",{type:"search",id:"stage-search",placeholder:"Filter stages by name",autocomplete:"off","aria-label":"Filter stages"}),r=t("select",{id:"bind-stage"},t("option",{value:""},"Loading stages…")),i=e.bindings.reduce((m,u)=>Math.max(m,u.order),0),a=t("input",{type:"number",id:"bind-order",step:"1",value:String(i+10)}),o=t("button",{type:"submit",id:"bind-submit"},"Bind stage"),s=t("form",{id:"bind-form",novalidate:!0},t("h4",{},"Bind a stage"),n,c("input.stagePk","Stage",r),c("input.order","Order",a,"lower runs first"),t("p",{},o)),l=0,g=async()=>{let m=++l,u=n.value.trim(),v=X.get(u);if(v||(v=await b(bn,{search:u||null}),v.data&&X.set(u,v)),m!==l)return;let{data:f,errors:T}=v,E=f?.stages;if(!E){r.replaceChildren(t("option",{value:""},"The stages could not be loaded")),w("The stages could not be loaded.",T);return}r.replaceChildren(t("option",{value:""},E.totalCount>E.nodes.length?`Choose a stage (${E.nodes.length} of ${E.totalCount}: filter to narrow)`:"Choose a stage"),...E.nodes.filter(y=>!!y).map(y=>t("option",{value:y.pk},`${y.name} (${y.verboseName})`)))},d=0;return n.addEventListener("input",()=>{window.clearTimeout(d),d=window.setTimeout(()=>{g()},250)}),g(),s.addEventListener("submit",async m=>{m.preventDefault(),V(s);let u=Number(a.value);if(!r.value||a.value.trim()===""||!Number.isInteger(u)){R(s,[{message:"invalid input",extensions:{code:"BAD_USER_INPUT",fields:{...r.value?{}:{"input.stagePk":["Choose a stage."]},...a.value.trim()!==""&&Number.isInteger(u)?{}:{"input.order":["Enter a whole number."]}}}}]),p("error","The stage was not bound: see the fields marked.");return}o.disabled=!0,p("busy","Binding…");let{data:v,errors:f}=await b(pn,{input:{flowPk:e.pk,stagePk:r.value,order:u}});o.disabled=!1;let T=v?.createFlowStageBinding;if(T){L(T.target,`Bound ${T.stage.name} at order ${u}.`);return}let{shown:E,rest:y}=R(s,f);y.length?w(E?"The stage was not bound: see the fields marked, and:":"The stage was not bound.",y):p("error","The stage was not bound: see the fields marked.")}),s}function Dn(e,n){if(!e.diagram)return t("p",{class:"note",id:"diagram"},"authentik returned no diagram for this flow.");let r=t("div",{id:"diagram",class:"diagram","aria-busy":"true"},t("p",{class:"note"},"Drawing the diagram…")),i=t("details",{id:"diagram-text"},t("summary",{},"Show the diagram as mermaid text"),t("pre",{},e.diagram));return Le(r,e.diagram,()=>n===M),t("div",{},r,i)}re($.endpoint);var q=I("main");oe(I("status"));function K(){let e=se(location.hash),n=!!q.querySelector("#list-screen");switch((e.screen!=="list"||!n)&&W(),e.screen!=="flow"&&Be(),e.screen){case"list":Ee(q,e.state);break;case"new":Ae(q);break;case"flow":qe(q,e.slug);break}}function Fn(){let e=I("auth"),n=I("authorization"),r=I("auth-status");if(!e||!n||!r)return;n.value=B();let i=()=>{r.textContent=B()?"token set":"no token: flowgate's default credentials"};i(),e.addEventListener("submit",a=>{a.preventDefault();let o=n.value.trim().replace(/^bearer\s+/i,"");n.value=o,ne(o),i(),q.replaceChildren(),K()})}le(K);Fn();window.addEventListener("hashchange",K);K();
