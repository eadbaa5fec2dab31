import"./chunk-3RNHDNP5.js";var Z="flowgate:dashboard:token";function G(){try{return localStorage.getItem(Z)??""}catch{return""}}function se(e){try{e?localStorage.setItem(Z,e):localStorage.removeItem(Z)}catch{}}var le="/graphql";function ge(e){le=e}async function b(e,n){let i={Accept:"application/json","Content-Type":"application/json"},r=G();r&&(i.Authorization="Bearer "+r);let o;try{o=await fetch(le,{method:"POST",headers:i,credentials:"omit",body:JSON.stringify({query:e.toString(),variables:n})})}catch(a){return{data:null,errors:[{message:"flowgate could not be reached: "+String(a),extensions:{code:"NETWORK"}}]}}try{let a=await o.json();return{data:a.data??null,errors:a.errors??[]}}catch{return{data:null,errors:[{message:`HTTP ${o.status}: the response is not JSON`,extensions:{code:"HTTP_"+o.status}}]}}}var de=document.body.dataset,O={endpoint:de.endpoint||"/graphql",authentikURL:de.authentikUrl||""};function t(e,n,...i){let r=document.createElement(e);for(let[o,a]of Object.entries(n??{}))a==null||a===!1||(o.startsWith("on")&&typeof a=="function"?r.addEventListener(o.slice(2),a):r.setAttribute(o,a===!0?"":String(a)));return ue(r,i),r}function ue(e,n){for(let i of n)i==null||i===!1||(Array.isArray(i)?ue(e,i):e.append(i instanceof Node?i:String(i)))}function N(e){return e?e.toLowerCase().replace(/_/g," "):"unknown"}function L(e){return document.getElementById(e)}var F=null;function pe(e){F=e}function m(e,...n){F&&(F.dataset.kind=e,F.setAttribute("role",e==="error"?"alert":"status"),F.replaceChildren(t("span",{class:"message",id:"status-message"},...n)),F.hidden=!1)}function on(){F&&(delete F.dataset.kind,F.replaceChildren(),F.hidden=!0)}var q=null;function j(e,n){q={kind:e,text:n}}function J(){q?m(q.kind,q.text):on(),q=null}function $(e){return e.length===0?null:t("ul",{class:"errors"},e.map(n=>t("li",{},n.extensions?.code?t("code",{},n.extensions.code):null," ",n.message,n.path?t("span",{class:"path"}," at ",n.path.join(".")):null)))}function y(e,n){m("error",e,$(n))}var H=["AUTHENTICATION","AUTHORIZATION","ENROLLMENT","INVALIDATION","RECOVERY","STAGE_CONFIGURATION","UNENROLLMENT"];function me(e){let n=/^#\/flows\/([^?]+)$/.exec(e);if(n?.[1])return{screen:"flow",slug:decodeURIComponent(n[1])};if(e==="#/new")return{screen:"new"};let i=new URLSearchParams(e.replace(/^#\/?\??/,"")),r=i.get("d")??"",o=Number(i.get("page")??"1");return{screen:"list",state:{q:i.get("q")??"",d:H.includes(r)?r:"",page:Number.isInteger(o)&&o>=1?o:1}}}function x(e){let n=new URLSearchParams;e.q&&n.set("q",e.q),e.d&&n.set("d",e.d),e.page>1&&n.set("page",String(e.page));let i=n.toString();return i?"#/?"+i:"#/"}function U(e){return"#/flows/"+encodeURIComponent(e)}var ee=()=>{};function ce(e){ee=e}function R(e,n=!1){if(location.hash===e){ee();return}n?(history.replaceState(null,"",e),ee()):location.hash=e}var w=class extends String{constructor(n,i){super(n),this.value=n,this.__meta__=i}toString(){return this.value}},be=new w(`
    fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}
    `,{fragmentName:"PolicyBindingFields"}),fe=new w(`
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
  policyBindings {
    ...PolicyBindingFields
  }
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
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
    fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`,{fragmentName:"FlowDetail"}),he=new w(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `),ye=new w(`
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
  policyBindings {
    ...PolicyBindingFields
  }
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
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`),ke=new w(`
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
  policyBindings {
    ...PolicyBindingFields
  }
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
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`),we=new w(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `),ve=new w(`
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
  policyBindings {
    ...PolicyBindingFields
  }
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
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`),Se=new w(`
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
  policyBindings {
    ...PolicyBindingFields
  }
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
    policyBindings {
      ...PolicyBindingFields
    }
  }
}
fragment PolicyBindingFields on PolicyBinding {
  pk
  kind
  order
  enabled
  negate
  timeout
  failureResult
  policy {
    pk
    name
    verboseName
  }
  group {
    pk
    name
  }
  user {
    pk
    username
    name
  }
}`),De=new w(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `),Ee=new w(`
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
    `),Ne=new w(`
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
    `),Fe=new w(`
    query DashboardPolicies($search: String) {
  policies(first: 100, search: $search) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `),Pe=new w(`
    mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {
  createPolicyBinding(input: $input) {
    pk
  }
}
    `),Te=new w(`
    mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {
  updatePolicyBinding(pk: $pk, input: {enabled: $enabled}) {
    pk
    enabled
  }
}
    `),Ae=new w(`
    mutation DashboardUnbindPolicy($pk: ID!) {
  deletePolicyBinding(pk: $pk) {
    pk
  }
}
    `),xe=new w(`
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
    `);var sn={"\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n":he,"\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    policyBindings { ...PolicyBindingFields }\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n      policyBindings { ...PolicyBindingFields }\n    }\n  }\n":fe,"\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n":ye,"\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n":ke,"\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n":we,"\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n":ve,"\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n":Se,"\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n":De,"\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n":Ee,"\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n":Ne,"\n  fragment PolicyBindingFields on PolicyBinding {\n    pk kind order enabled negate timeout failureResult\n    policy { pk name verboseName }\n    group { pk name }\n    user { pk username name }\n  }\n":be,"\n  query DashboardPolicies($search: String) {\n    policies(first: 100, search: $search) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n":Fe,"\n  mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {\n    createPolicyBinding(input: $input) { pk }\n  }\n":Pe,"\n  mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {\n    updatePolicyBinding(pk: $pk, input: { enabled: $enabled }) { pk enabled }\n  }\n":Te,"\n  mutation DashboardUnbindPolicy($pk: ID!) {\n    deletePolicyBinding(pk: $pk) { pk }\n  }\n":Ae,"\n  query DashboardStageSettings($pk: ID!) {\n    stage(pk: $pk) {\n      __typename pk name verboseName component\n      ... on IdentificationStage { userFields caseInsensitiveMatching showMatchedUser pretendUserExists\n        enableRememberMe showSourceLabels enrollmentFlow { slug name } recoveryFlow { slug name }\n        passwordlessFlow { slug name } passwordStage { pk name } captchaStage { pk name } webauthnStage { pk name } }\n      ... on PasswordStage { backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug name } }\n      ... on AuthenticatorValidateStage { notConfiguredAction deviceClasses lastAuthThreshold\n        webauthnUserVerification configurationStages { pk name verboseName } }\n      ... on UserLoginStage { sessionDuration rememberMeOffset terminateOtherSessions networkBinding geoipBinding rememberDevice }\n      ... on UserWriteStage { userCreationMode userType createUsersAsInactive userPathTemplate }\n      ... on PromptStage { fields { fieldKey label type required placeholder order } }\n      ... on ConsentStage { consentMode consentExpireIn }\n      ... on EmailStage { useGlobalSettings host port fromAddress subject template tokenExpiry activateUserOnSuccess }\n      ... on InvitationStage { continueFlowWithoutInvitation }\n      ... on DenyStage { denyMessage }\n      ... on RedirectStage { redirectMode targetStatic targetFlow { slug name } keepContext }\n      ... on CaptchaStage { publicKey interactive scoreMinThreshold scoreMaxThreshold }\n      ... on AuthenticatorStaticStage { friendlyName tokenCount tokenLength configureFlow { slug name } }\n      ... on AuthenticatorTotpStage { friendlyName digits configureFlow { slug name } }\n      ... on AuthenticatorWebAuthnStage { friendlyName userVerification residentKeyRequirement\n        authenticatorAttachment maxAttempts configureFlow { slug name } }\n    }\n  }\n":xe};function f(e){return sn[e]??{}}var ne=25,ln=f(`
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
`);function Be(e){return"flowgate:dashboard:cursors:"+JSON.stringify([e.q,e.d])}function $e(e){try{let n=JSON.parse(sessionStorage.getItem(Be(e))??"[null]");return Array.isArray(n)?n:[null]}catch{return[null]}}function gn(e,n,i){let r=$e(e);r[n]=i;try{sessionStorage.setItem(Be(e),JSON.stringify(r))}catch{}}var V=null,Me=0;async function Re(e,n){document.title="flowgate · flows",(!V||!e.contains(V.root))&&(V=pn(e));let i=V;document.activeElement!==i.search&&(i.search.value=n.q),i.designation.value=n.d;let r=n.page>1?$e(n)[n.page-1]:null;if(n.page>1&&!r){R(x({...n,page:1}),!0);return}let o=++Me;i.results.setAttribute("aria-busy","true");let{data:a,errors:s}=await b(ln,{first:ne,after:r,search:n.q||null,filter:n.d?{designation:n.d}:null});if(o!==Me||V!==i)return;i.results.removeAttribute("aria-busy");let l=a?.flows;if(!l){i.results.replaceChildren(),y("The flows could not be loaded.",s);return}s.length&&y("Some flows could not be loaded.",s),l.pageInfo.endCursor&&gn(n,n.page,l.pageInfo.endCursor);let g=l.nodes.filter(u=>!!u),d=(n.page-1)*ne+1,p=Math.max(1,Math.ceil(l.totalCount/ne));i.results.replaceChildren(t("p",{class:"count",id:"flow-count"},g.length?`${d}–${d+g.length-1} of ${l.totalCount} flows`:`0 of ${l.totalCount} flows`),g.length===0?t("p",{class:"note",id:"no-flows"},n.q||n.d?"No flow matches.":"No flows are visible with this token."):t("table",{id:"flows"},t("thead",{},t("tr",{},["Flow","Designation","Stages in order"].map(u=>t("th",{scope:"col"},u)))),t("tbody",{},g.map(dn))),t("nav",{class:"pager","aria-label":"pages"},t("a",{id:"prev-page",class:"button",href:n.page>1?x({...n,page:n.page-1}):null,"aria-disabled":n.page<=1?"true":null},"← Previous")," ",t("span",{id:"page-info"},`page ${n.page} of ${p}`)," ",t("a",{id:"next-page",class:"button",href:l.pageInfo.hasNextPage?x({...n,page:n.page+1}):null,"aria-disabled":l.pageInfo.hasNextPage?null:"true"},"Next →")))}function dn(e){return t("tr",{class:"flow","data-slug":e.slug,"data-designation":e.designation??""},t("td",{},t("a",{href:U(e.slug),class:"flow-link"},e.name),t("br"),t("code",{class:"slug"},e.slug)),t("td",{class:"designation"},N(e.designation)),t("td",{},un(e.bindings)))}function un(e){return e.length===0?t("p",{class:"chain empty"},"no stages bound"):t("ol",{class:"chain"},e.map((n,i)=>t("li",{"data-order":n.order},i>0?t("span",{class:"arrow","aria-hidden":"true"},"→"):null,t("span",{class:"pill",title:n.stage.verboseName},t("span",{class:"order"},n.order)," ",t("span",{class:"stage-name"},n.stage.name)))))}function pn(e){let n=t("input",{id:"search",type:"search",placeholder:"Search name, slug, title, designation…","aria-label":"Search flows",autocomplete:"off",spellcheck:"false"}),i=t("select",{id:"designation","aria-label":"Designation"},t("option",{value:""},"All designations"),H.map(g=>t("option",{value:g},N(g)))),r=0,o=g=>{window.clearTimeout(r),R(x({q:n.value.trim(),d:i.value,page:1}),g)};n.addEventListener("input",()=>{window.clearTimeout(r),r=window.setTimeout(()=>o(!0),250)}),i.addEventListener("change",()=>o(!1));let a=t("form",{id:"list-controls",role:"search"},n,i,t("a",{id:"new-flow",class:"button primary",href:"#/new"},"New flow"));a.addEventListener("submit",g=>{g.preventDefault(),o(!1)});let s=t("div",{id:"results","aria-live":"polite"}),l=t("section",{id:"list-screen"},t("h2",{},"Flows"),a,s);return e.replaceChildren(l),{root:l,search:n,designation:i,results:s}}function h(e,n,i,r){let o="err-"+e.replace(/[^A-Za-z0-9_-]/g,"-");return i.setAttribute("aria-describedby",o),i.dataset.field=e,i.id||(i.id="f-"+e.replace(/[^A-Za-z0-9_-]/g,"-")),t("div",{class:"field","data-field":e},t("label",{for:i.id},n),i,r?t("span",{class:"hint"},r):null,t("div",{class:"field-error",id:o,"data-error-for":e}))}function M(e,n,i){let r=t("select",i??{},e.map(([o,a])=>t("option",{value:o},a)));return r.value=n??e[0]?.[0]??"",r}function _(e){for(let n of e.querySelectorAll(".field-error"))n.replaceChildren();for(let n of e.querySelectorAll("[aria-invalid]"))n.removeAttribute("aria-invalid")}function A(e,n){_(e);let i=0,r=[];for(let o of n){let a=o.extensions??{};if(a.code!=="BAD_USER_INPUT"||!a.fields&&!a.nonFieldErrors){r.push(o);continue}for(let[s,l]of Object.entries(a.fields??{}))for(let g of[].concat(l)){let d=e.querySelector(`[data-error-for="${CSS.escape(s)}"]`);d?(d.append(t("span",{},g)),e.querySelector(`[data-field="${CSS.escape(s)}"]:not(.field)`)?.setAttribute("aria-invalid","true"),i++):r.push({message:`${s}: ${g}`,extensions:{code:a.code}})}for(let s of a.nonFieldErrors??[])r.push({message:s,extensions:{code:a.code}})}return{shown:i,rest:r}}function K(e){return e.map(n=>[n,N(n)])}var W=K(H),Ie=K(["STACKED","CONTENT_LEFT","CONTENT_RIGHT","SIDEBAR_LEFT","SIDEBAR_RIGHT","SIDEBAR_LEFT_FRAME_BACKGROUND","SIDEBAR_RIGHT_FRAME_BACKGROUND"]),Ce=K(["MESSAGE_CONTINUE","MESSAGE","CONTINUE"]),Le=K(["NONE","REQUIRE_AUTHENTICATED","REQUIRE_UNAUTHENTICATED","REQUIRE_SUPERUSER","REQUIRE_REDIRECT","REQUIRE_OUTPOST"]),Ue=K(["ALL","ANY"]);var mn=f(`
  mutation DashboardCreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) { pk slug }
  }
`);function _e(e){document.title="flowgate · new flow";let n=t("input",{type:"text",required:!0,autocomplete:"off"}),i=t("input",{type:"text",required:!0,autocomplete:"off",spellcheck:"false"}),r=t("input",{type:"text",required:!0,autocomplete:"off"}),o=M(W,"AUTHENTICATION"),a=!1;i.addEventListener("input",()=>{a=!0}),n.addEventListener("input",()=>{a||(i.value=n.value.toLowerCase().trim().replace(/[^a-z0-9_]+/g,"-").replace(/^-+|-+$/g,""))});let s=t("button",{type:"submit",class:"primary",id:"create-submit"},"Create flow"),l=t("form",{id:"create-form",novalidate:!0},h("input.name","Name",n),h("input.slug","Slug",i,"letters, digits, - and _; part of the flow's URL"),h("input.title","Title",r,"shown to the user while the flow runs"),h("input.designation","Designation",o),t("p",{},s," ",t("a",{href:"#/"},"Cancel")));l.addEventListener("submit",async g=>{g.preventDefault(),s.disabled=!0,m("busy","Creating…");let{data:d,errors:p}=await b(mn,{input:{name:n.value,slug:i.value.trim(),title:r.value,designation:o.value}});if(s.disabled=!1,d?.createFlow){j("ok",`Flow “${n.value}” created.`),R(U(d.createFlow.slug));return}let{shown:u,rest:S}=A(l,p);S.length?y(u?"The flow was not created: see the fields marked, and:":"The flow was not created.",S):m("error","The flow was not created: see the fields marked.")}),e.replaceChildren(t("section",{id:"create-screen"},t("p",{},t("a",{href:"#/"},"← all flows")),t("h2",{},"New flow"),l)),n.focus()}var Oe=null,cn=0;function bn(){return Oe??=import("./chunk-MZ273XD5.js").then(({default:e})=>{let n=window.matchMedia?.("(prefers-color-scheme: dark)").matches;return e.initialize({startOnLoad:!1,securityLevel:"strict",theme:n?"dark":"neutral",layout:"dagre",htmlLabels:!1,flowchart:{htmlLabels:!1,useMaxWidth:!0,wrappingWidth:320},fontFamily:'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'}),e}),Oe}var qe=new CSSStyleSheet,He=!1,Ke="data-flowgate-theme",Ve=Promise.resolve();function fn(e){let n=Ve.then(()=>hn(e));return Ve=n.catch(()=>{}),n}async function hn(e){He||(document.adoptedStyleSheets=[...document.adoptedStyleSheets,qe],He=!0);let n=document.createElement;document.createElement=function(i,r){if(i.toLowerCase()!=="style")return n.call(this,i,r);let o=this.createElementNS("http://www.w3.org/2000/svg","metadata");return o.setAttribute(Ke,""),Object.defineProperty(o,"innerHTML",{configurable:!0,get:()=>"",set:a=>qe.replaceSync(String(a))}),o};try{return await e()}finally{document.createElement=n}}async function Qe(e,n,i){let r;try{let s=await bn(),l="flow-diagram-"+ ++cn;({svg:r}=await fn(()=>i()?s.render(l,n):Promise.reject(new Error("gone"))))}catch(s){if(!i())return;e.removeAttribute("aria-busy"),e.replaceChildren(t("p",{class:"errors"},"The diagram could not be drawn: "+String(s)," The text is below."));return}if(!i())return;let o=new DOMParser().parseFromString(r,"image/svg+xml"),a=o.documentElement;if(a.nodeName!=="svg"||o.querySelector("parsererror")){e.replaceChildren(t("p",{class:"errors"},"The diagram could not be drawn. The text is below."));return}for(let s of a.querySelectorAll(`[${Ke}], style`))s.remove();a.setAttribute("role","img"),e.removeAttribute("aria-busy"),e.replaceChildren(document.importNode(a,!0))}var yn=f(`
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
`),kn=new Set(["__typename","pk","name","verboseName","component"]);function wn(e){return e.replace(/([a-z0-9])([A-Z])/g,"$1 $2").toLowerCase()}function je(e){return e==null?"—":typeof e=="boolean"?e?"yes":"no":typeof e=="number"?String(e):typeof e=="string"?/^[A-Z][A-Z0-9_]*$/.test(e)?N(e):e:Array.isArray(e)?e.length===0?"none":typeof e[0]=="object"&&e[0]&&"fieldKey"in e[0]?vn(e):e.map(n=>typeof n=="object"&&n?Ge(n):String(je(n))).join(", "):typeof e=="object"?Ge(e):String(e)}function Ge(e){let n=e.name??e.slug??e.pk;return typeof n=="string"?n:JSON.stringify(e)}function vn(e){return t("table",{class:"prompt-fields"},t("thead",{},t("tr",{},["Order","Field","Label","Type","Required","Placeholder"].map(n=>t("th",{},n)))),t("tbody",{},e.map(n=>t("tr",{},t("td",{},n.order),t("td",{},t("code",{},n.fieldKey)),t("td",{},n.label),t("td",{},N(n.type)),t("td",{},n.required?"yes":"no"),t("td",{},n.placeholder)))))}function We(e,n,i){let r=t("div",{class:"stage-settings-body"},t("p",{class:"note"},"Loading…")),o=t("details",{class:"stage-settings",id:e},t("summary",{},"Settings of ",i),r),a=!1;return o.addEventListener("toggle",async()=>{if(!o.open||a)return;a=!0;let{data:s,errors:l}=await b(yn,{pk:n}),g=s?.stage;if(!g){r.replaceChildren(l.length?$(l)??"":t("p",{class:"note"},"This stage is gone, or this token may not see it.")),a=!1;return}r.replaceChildren(Sn(g),$(l)??"")}),o}function Sn(e){let n=Object.entries(e).filter(([i])=>!kn.has(i));return t("div",{"data-typename":e.__typename},t("p",{class:"note"},e.verboseName," · ",t("code",{},e.component)),n.length===0?t("p",{class:"note no-settings"},"This stage type has no settings flowgate shows."):t("dl",{class:"props settings"},n.map(([i,r])=>[t("dt",{"data-key":i},wn(i)),t("dd",{},je(r))])))}f(`
  fragment PolicyBindingFields on PolicyBinding {
    pk kind order enabled negate timeout failureResult
    policy { pk name verboseName }
    group { pk name }
    user { pk username name }
  }
`);var Dn=f(`
  query DashboardPolicies($search: String) {
    policies(first: 100, search: $search) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`),En=f(`
  mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {
    createPolicyBinding(input: $input) { pk }
  }
`),Nn=f(`
  mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {
    updatePolicyBinding(pk: $pk, input: { enabled: $enabled }) { pk enabled }
  }
`),Fn=f(`
  mutation DashboardUnbindPolicy($pk: ID!) {
    deletePolicyBinding(pk: $pk) { pk }
  }
`),te=new Map;function ze(){te.clear()}function P(e){return e.policy?e.policy.name:e.group?"group "+e.group.name:e.user?"user "+e.user.username:"unknown"}function ie(e,n,i,r){let o=i.map(a=>Pn(a,r));return t("div",{class:"policy-panel",id:e},i.length===0?t("p",{class:"note"},"No policy bindings: nothing is checked here."):t("ol",{class:"policy-bindings"},o),Tn(e,n,i,r))}function Pn(e,n){let i=t("input",{type:"checkbox",class:"pb-enabled","aria-label":`${P(e)} enabled`});i.checked=e.enabled,i.addEventListener("change",async()=>{i.disabled=!0,m("busy","Saving…");let{data:a,errors:s}=await b(Nn,{pk:e.pk,enabled:i.checked});if(i.disabled=!1,!a?.updatePolicyBinding){i.checked=e.enabled,y(`The policy binding of ${P(e)} was not changed.`,s);return}await n(`${P(e)} ${a.updatePolicyBinding.enabled?"enabled":"disabled"}.`)});let r=t("button",{type:"button",class:"link pb-unbind","aria-label":`Unbind ${P(e)}`},"Unbind"),o=0;return r.addEventListener("click",async()=>{if(!o){r.textContent="Really unbind?",r.classList.add("danger"),o=window.setTimeout(()=>{o=0,r.textContent="Unbind",r.classList.remove("danger")},5e3);return}window.clearTimeout(o),r.disabled=!0,m("busy",`Unbinding ${P(e)}…`);let{data:a,errors:s}=await b(Fn,{pk:e.pk});if(!a?.deletePolicyBinding){r.disabled=!1,y(`${P(e)} was not unbound.`,s);return}await n(`Unbound ${P(e)}.`)}),t("li",{class:"policy-binding"+(e.enabled?"":" disabled"),"data-pk":e.pk},t("span",{class:"order"},e.order),t("span",{class:"bound"},e.negate?t("strong",{class:"negate",title:"the result is inverted"},"not "):null,P(e),e.policy?t("span",{class:"verbose"}," ",e.policy.verboseName):null),t("span",{class:"flags"},`timeout ${e.timeout} s`,e.failureResult?" · passes on failure":""),t("label",{class:"pb-toggle"},i," enabled"),r)}function Tn(e,n,i,r){let o=t("input",{type:"search",class:"policy-search",placeholder:"Filter policies by name",autocomplete:"off","aria-label":"Filter policies"}),a=t("select",{class:"bind-policy",id:e+"-policy"},t("option",{value:""},"Loading policies…")),s=i.reduce((v,c)=>Math.max(v,c.order),-10),l=t("input",{type:"number",step:"1",value:String(s+10),id:e+"-order"}),g=t("input",{type:"checkbox",id:e+"-negate"}),d=t("button",{type:"submit",class:"bind-policy-submit"},"Bind policy"),p=t("form",{class:"bind-policy-form",novalidate:!0},o,h("input.policyPk","Policy",a),h("input.order","Order",l,"lower is evaluated first"),h("input.negate","Negate",g,"invert the result"),t("p",{},d)),u=0,S=async()=>{let v=++u,c=o.value.trim(),T=te.get(c);if(T||(T=await b(Dn,{search:c||null}),T.data&&te.set(c,T)),v!==u)return;let E=T.data?.policies;if(!E){a.replaceChildren(t("option",{value:""},"The policies could not be loaded"));return}a.replaceChildren(t("option",{value:""},E.totalCount>E.nodes.length?`Choose a policy (${E.nodes.length} of ${E.totalCount}: filter to narrow)`:"Choose a policy"),...E.nodes.filter(B=>!!B).map(B=>t("option",{value:B.pk},`${B.name} (${B.verboseName})`)))},k=0;o.addEventListener("input",()=>{window.clearTimeout(k),k=window.setTimeout(()=>{S()},250)});let D=t("details",{class:"bind-policy-details",id:e+"-bind"},t("summary",{},"Bind a policy…"),p);return D.addEventListener("toggle",()=>{D.open&&u===0&&S()}),p.addEventListener("submit",async v=>{v.preventDefault(),_(p);let c=Number(l.value);if(!a.value||l.value.trim()===""||!Number.isInteger(c)){A(p,[{message:"invalid input",extensions:{code:"BAD_USER_INPUT",fields:{...a.value?{}:{"input.policyPk":["Choose a policy."]},...l.value.trim()!==""&&Number.isInteger(c)?{}:{"input.order":["Enter a whole number."]}}}}]),m("error","The policy was not bound: see the fields marked.");return}d.disabled=!0,m("busy","Binding…");let T=a.selectedOptions[0]?.textContent??"the policy",{data:E,errors:B}=await b(En,{input:{...n,policyPk:a.value,order:c,negate:g.checked}});if(d.disabled=!1,E?.createPolicyBinding){await r(`Bound ${T.replace(/ \(.*\)$/,"")} at order ${c}.`);return}let{shown:rn,rest:ae}=A(p,B);ae.length?y(rn?"The policy was not bound: see the fields marked, and:":"The policy was not bound.",ae):m("error","The policy was not bound: see the fields marked.")}),D}f(`
  fragment FlowDetail on Flow {
    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode
    diagram
    policyBindings { ...PolicyBindingFields }
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
      policyBindings { ...PolicyBindingFields }
    }
  }
`);var Y=f(`
  query DashboardFlow($slug: String!) {
    flow(slug: $slug) { ...FlowDetail }
  }
`),An=f(`
  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
    updateFlow(slug: $slug, input: $input) { ...FlowDetail }
  }
`),xn=f(`
  mutation DashboardDeleteFlow($slug: String!) {
    deleteFlow(slug: $slug) { pk }
  }
`),Mn=f(`
  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }
  }
`),Bn=f(`
  mutation DashboardBind($input: CreateFlowStageBindingInput!) {
    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }
  }
`),$n=f(`
  mutation DashboardUnbind($pk: ID!) {
    deleteFlowStageBinding(pk: $pk) { pk }
  }
`),Rn=f(`
  query DashboardStages($search: String) {
    stages(first: 100, search: $search, orderBy: { field: NAME }) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`),C=0,Xe=null,re=new Map;async function Ze(e,n){document.title="flowgate · "+n;let i=++C;re.clear(),ze(),e.replaceChildren(t("p",{class:"note"},"Loading…"));let{data:r,errors:o}=await b(Y,{slug:n});if(i!==C)return;let a=r?.flow;if(!a){e.replaceChildren(en(),t("h2",{},n)),o.length?y("The flow could not be loaded.",o):m("error","No flow with this slug, or this token may not see it.");return}o.length&&y("Parts of the flow could not be loaded.",o),nn(e,a)}function Je(){C++,Xe=null}function en(){return t("p",{},t("a",{href:x({q:"",d:"",page:1})},"← all flows"))}function nn(e,n){let i=++C;Xe=n;let r=In(n.slug);e.replaceChildren(t("section",{id:"flow-screen","data-slug":n.slug},en(),t("div",{class:"title-row"},t("h2",{},n.name," ",t("code",{class:"slug"},n.slug)),r,Cn(n)),t("div",{class:"columns"},t("div",{},t("h3",{},"Stage bindings ",t("span",{class:"count"},`(${n.bindings.length})`)),Un(n),Vn(n)),t("div",{},t("h3",{},"Who may run this flow ",t("span",{class:"count"},`(${n.policyBindings.length} policy binding${n.policyBindings.length===1?"":"s"})`)),ie("policies-flow",{flowPk:n.pk},n.policyBindings,tn(n.slug)),t("h3",{},"Settings"),Ln(n))),t("h3",{},"Diagram"),Kn(n,i)))}function In(e){if(!O.authentikURL)return null;let n;try{n=new URL("if/flow/"+encodeURIComponent(e)+"/",O.authentikURL.replace(/\/*$/,"/"))}catch{return null}return n.protocol!=="https:"&&n.protocol!=="http:"?null:t("a",{id:"run-flow",class:"button",href:n.href,target:"_blank",rel:"noopener noreferrer"},"Run in authentik ↗")}function Cn(e){let n=t("div",{class:"delete"}),i=t("button",{type:"button",id:"delete-flow",class:"danger"},"Delete flow…"),r=t("button",{type:"button",id:"delete-confirm",class:"danger"},"Delete"),o=t("button",{type:"button",id:"delete-cancel"},"Cancel"),a=t("span",{class:"confirm"},`Delete “${e.name}” and its ${e.bindings.length} binding${e.bindings.length===1?"":"s"}? `,r," ",o);return n.replaceChildren(i),i.addEventListener("click",()=>{n.replaceChildren(a),o.focus()}),o.addEventListener("click",()=>{n.replaceChildren(i),i.focus()}),r.addEventListener("click",async()=>{r.disabled=!0,m("busy","Deleting…");let{data:s,errors:l}=await b(xn,{slug:e.slug});if(r.disabled=!1,s?.deleteFlow){j("ok",`Flow “${e.name}” deleted.`),R(x({q:"",d:"",page:1}));return}n.replaceChildren(i),y("The flow was not deleted.",l)}),n}function Ln(e){let n=t("input",{type:"text",value:e.name,autocomplete:"off"}),i=t("input",{type:"text",value:e.slug,autocomplete:"off",spellcheck:"false"}),r=t("input",{type:"text",value:e.title,autocomplete:"off"}),o=M(W,e.designation),a=M(Le,e.authentication),s=M(Ie,e.layout),l=M(Ce,e.deniedAction),g=M(Ue,e.policyEngineMode),d=t("input",{type:"checkbox"});d.checked=e.compatibilityMode;let p=t("button",{type:"submit",id:"save-flow",class:"primary"},"Save settings"),u=t("form",{id:"edit-form",novalidate:!0},h("input.name","Name",n),h("input.slug","Slug",i),h("input.title","Title",r),h("input.designation","Designation",o),h("input.authentication","Authentication",a),h("input.layout","Layout",s),h("input.deniedAction","Denied action",l),h("input.policyEngineMode","Policy engine mode",g),h("input.compatibilityMode","Compatibility mode",d),t("dl",{class:"props"},t("dt",{},"pk"),t("dd",{},t("code",{},e.pk))),t("p",{},p));return u.addEventListener("submit",async S=>{S.preventDefault();let k={};if(n.value!==e.name&&(k.name=n.value),i.value.trim()!==e.slug&&(k.slug=i.value.trim()),r.value!==e.title&&(k.title=r.value),o.value!==e.designation&&(k.designation=o.value),a.value!==e.authentication&&(k.authentication=a.value),s.value!==e.layout&&(k.layout=s.value),l.value!==e.deniedAction&&(k.deniedAction=l.value),g.value!==e.policyEngineMode&&(k.policyEngineMode=g.value),d.checked!==e.compatibilityMode&&(k.compatibilityMode=d.checked),_(u),Object.keys(k).length===0){m("info","Nothing to save: no setting changed.");return}p.disabled=!0,m("busy","Saving…");let{data:D,errors:v}=await b(An,{slug:e.slug,input:k});p.disabled=!1;let c=D?.updateFlow;if(c){c.slug!==e.slug&&history.replaceState(null,"",U(c.slug)),I(c,"Settings saved.");return}let{shown:T,rest:E}=A(u,v);E.length?y(T?"The settings were not saved: see the fields marked, and:":"The settings were not saved.",E):m("error","The settings were not saved: see the fields marked.")}),u}function I(e,n){let i=document.getElementById("main");if(!i)return;let r=document.activeElement?.closest("li.binding")?.dataset.pk,o=[...i.querySelectorAll("details[open][id]")].map(a=>a.id);nn(i,e);for(let a of o){let s=document.getElementById(a);s instanceof HTMLDetailsElement&&(s.open=!0)}m("ok",n),r&&i.querySelector(`li.binding[data-pk="${CSS.escape(r)}"] .handle`)?.focus()}function tn(e){return async n=>{let i=await b(Y,{slug:e});i.data?.flow?I(i.data.flow,n):y(n+" The flow could not be read again.",i.errors)}}function Un(e){if(e.bindings.length===0)return t("p",{class:"note",id:"no-bindings"},"No stages are bound to this flow.");let n=t("ol",{id:"bindings",class:"bindings"},e.bindings.map(r=>_n(e,r))),i=t("p",{class:"hint",id:"reorder-help"},"Drag a stage by its ⠿ handle, or focus the handle and press ↑ or ↓, to change the order; it is saved at once.");return t("div",{},i,n)}function _n(e,n){let i=t("button",{type:"button",class:"handle","aria-describedby":"reorder-help","aria-label":`Move ${n.stage.name} (position ${e.bindings.indexOf(n)+1} of ${e.bindings.length})`},"⠿"),r=t("button",{type:"button",class:"unbind link","aria-label":`Unbind ${n.stage.name}`},"Unbind"),o=t("li",{class:"binding","data-pk":n.pk,"data-order":n.order},i,t("span",{class:"order"},n.order),t("span",{class:"stage"},t("span",{class:"stage-name"},n.stage.name)," ",t("span",{class:"verbose"},n.stage.verboseName)),t("span",{class:"flags"},[n.evaluateOnPlan&&"policies on plan",n.reEvaluatePolicies&&"re-evaluated"].filter(Boolean).join(", ")||"—"," · ",N(n.policyEngineMode)," · on invalid response: ",N(n.invalidResponseAction)),r,We("stage-"+n.pk,n.stage.pk,n.stage.name),t("details",{class:"binding-policies",id:"pb-"+n.pk},t("summary",{},`${n.policyBindings.length} polic${n.policyBindings.length===1?"y":"ies"}`,n.policyBindings.length?": "+n.policyBindings.map(s=>(s.negate?"not ":"")+P(s)).join(", "):""),ie("policies-"+n.pk,{flowStageBindingPk:n.pk},n.policyBindings,tn(e.slug))));On(e,o,i),i.addEventListener("keydown",s=>{if(s.key!=="ArrowUp"&&s.key!=="ArrowDown")return;s.preventDefault();let l=s.key==="ArrowUp"?o.previousElementSibling:o.nextElementSibling;l&&(s.key==="ArrowUp"?l.before(o):l.after(o),i.focus(),oe(e,o.parentElement,600))});let a=0;return r.addEventListener("click",async()=>{if(!a){r.textContent="Really unbind?",r.classList.add("danger"),a=window.setTimeout(()=>{a=0,r.textContent="Unbind",r.classList.remove("danger")},5e3);return}window.clearTimeout(a),r.disabled=!0,m("busy",`Unbinding ${n.stage.name}…`);let{data:s,errors:l}=await b($n,{pk:n.pk});if(!s?.deleteFlowStageBinding){r.disabled=!1,y(`${n.stage.name} was not unbound.`,l);return}let g=await b(Y,{slug:e.slug});g.data?.flow?I(g.data.flow,`Unbound ${n.stage.name}.`):y(`Unbound ${n.stage.name}, but the flow could not be read again.`,g.errors)}),o}function On(e,n,i){i.addEventListener("pointerdown",r=>{if(r.button!==0||z)return;r.preventDefault();let o=n.parentElement,a=[...o.children];n.classList.add("dragging");let s=g=>{if(g.pointerId!==r.pointerId)return;let d=null;for(let p of o.children){if(p===n)continue;let u=p.getBoundingClientRect();if(g.clientY<u.top+u.height/2){d=p;break}}d!==n.nextElementSibling&&o.insertBefore(n,d)},l=g=>{if(g.pointerId===r.pointerId){if(document.removeEventListener("pointermove",s),document.removeEventListener("pointerup",l),document.removeEventListener("pointercancel",l),n.classList.remove("dragging"),g.type==="pointercancel"){o.replaceChildren(...a);return}a.some((d,p)=>o.children[p]!==d)&&(i.focus(),oe(e,o,0))}};document.addEventListener("pointermove",s),document.addEventListener("pointerup",l),document.addEventListener("pointercancel",l)})}var z=!1,Ye=0;function oe(e,n,i){window.clearTimeout(Ye),m("busy","Saving the order…"),Ye=window.setTimeout(()=>{qn(e,n)},i)}async function qn(e,n){if(z){oe(e,n,200);return}let i=[...n.querySelectorAll("li.binding")].map(d=>d.dataset.pk??"");z=!0;let r=C,{data:o,errors:a}=await b(Mn,{flowSlug:e.slug,bindingPks:i});if(z=!1,r!==C)return;let s=o?.reorderFlowStages;if(s&&a.length===0){I(s,"Order saved.");return}if(s){I(s,""),m("error",Hn(e,a));return}let l=await b(Y,{slug:e.slug});l.data?.flow&&I(l.data.flow,"");let g=a.flatMap(d=>Object.values(d.extensions?.fields??{}).flat());m("error","The order was not saved. ",g.join(" "),g.length?" ":"","The list shows the bindings as authentik has them now.",$(g.length?[]:a))}function Hn(e,n){let i=new Map(e.bindings.map(s=>[s.pk,s.stage.name])),r=s=>i.has(s)?`${i.get(s)} (${s})`:s,o=n[0]?.extensions??{},a=s=>s&&s.length?s.map(r).join(", "):"none";return t("div",{class:"partial",id:"reorder-partial"},t("p",{},t("strong",{},"The reorder stopped partway. "),"The list shows the bindings as authentik has them now."),t("ul",{},t("li",{},"Failed: ",o.failedBindingPk?r(o.failedBindingPk):"unknown"),t("li",{},"Changed: ",a(o.changedBindingPks)),t("li",{},"Unchanged: ",a(o.unchangedBindingPks))),$(n))}function Vn(e){let n=t("input",{type:"search",id:"stage-search",placeholder:"Filter stages by name",autocomplete:"off","aria-label":"Filter stages"}),i=t("select",{id:"bind-stage"},t("option",{value:""},"Loading stages…")),r=e.bindings.reduce((p,u)=>Math.max(p,u.order),0),o=t("input",{type:"number",id:"bind-order",step:"1",value:String(r+10)}),a=t("button",{type:"submit",id:"bind-submit"},"Bind stage"),s=t("form",{id:"bind-form",novalidate:!0},t("h4",{},"Bind a stage"),n,h("input.stagePk","Stage",i),h("input.order","Order",o,"lower runs first"),t("p",{},a)),l=0,g=async()=>{let p=++l,u=n.value.trim(),S=re.get(u);if(S||(S=await b(Rn,{search:u||null}),S.data&&re.set(u,S)),p!==l)return;let{data:k,errors:D}=S,v=k?.stages;if(!v){i.replaceChildren(t("option",{value:""},"The stages could not be loaded")),y("The stages could not be loaded.",D);return}i.replaceChildren(t("option",{value:""},v.totalCount>v.nodes.length?`Choose a stage (${v.nodes.length} of ${v.totalCount}: filter to narrow)`:"Choose a stage"),...v.nodes.filter(c=>!!c).map(c=>t("option",{value:c.pk},`${c.name} (${c.verboseName})`)))},d=0;return n.addEventListener("input",()=>{window.clearTimeout(d),d=window.setTimeout(()=>{g()},250)}),g(),s.addEventListener("submit",async p=>{p.preventDefault(),_(s);let u=Number(o.value);if(!i.value||o.value.trim()===""||!Number.isInteger(u)){A(s,[{message:"invalid input",extensions:{code:"BAD_USER_INPUT",fields:{...i.value?{}:{"input.stagePk":["Choose a stage."]},...o.value.trim()!==""&&Number.isInteger(u)?{}:{"input.order":["Enter a whole number."]}}}}]),m("error","The stage was not bound: see the fields marked.");return}a.disabled=!0,m("busy","Binding…");let{data:S,errors:k}=await b(Bn,{input:{flowPk:e.pk,stagePk:i.value,order:u}});a.disabled=!1;let D=S?.createFlowStageBinding;if(D){I(D.target,`Bound ${D.stage.name} at order ${u}.`);return}let{shown:v,rest:c}=A(s,k);c.length?y(v?"The stage was not bound: see the fields marked, and:":"The stage was not bound.",c):m("error","The stage was not bound: see the fields marked.")}),s}function Kn(e,n){if(!e.diagram)return t("p",{class:"note",id:"diagram"},"authentik returned no diagram for this flow.");let i=t("div",{id:"diagram",class:"diagram","aria-busy":"true"},t("p",{class:"note"},"Drawing the diagram…")),r=t("details",{id:"diagram-text"},t("summary",{},"Show the diagram as mermaid text"),t("pre",{},e.diagram));return Qe(i,e.diagram,()=>n===C),t("div",{},i,r)}ge(O.endpoint);var Q=L("main");pe(L("status"));function X(){let e=me(location.hash),n=!!Q.querySelector("#list-screen");switch((e.screen!=="list"||!n)&&J(),e.screen!=="flow"&&Je(),e.screen){case"list":Re(Q,e.state);break;case"new":_e(Q);break;case"flow":Ze(Q,e.slug);break}}function Qn(){let e=L("auth"),n=L("authorization"),i=L("auth-status");if(!e||!n||!i)return;n.value=G();let r=()=>{i.textContent=G()?"token set":"no token: flowgate's default credentials"};r(),e.addEventListener("submit",o=>{o.preventDefault();let a=n.value.trim().replace(/^bearer\s+/i,"");n.value=a,se(a),r(),Q.replaceChildren(),X()})}ce(X);Qn();window.addEventListener("hashchange",X);X();
